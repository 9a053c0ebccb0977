import Card from '../components/Card.tsx'
import Counter from '../components/Counter.tsx'

export default function Home() {
  return (
    <>
      <h1>Welcome to the Previewkit sample</h1>
      <p className="lead">A tiny React app, built with Vite and served by Previewkit.</p>
      <div className="grid">
        <Card title="Interactive">
          <p>State lives in the browser. Give it a try:</p>
          <Counter />
        </Card>
        <Card title="Client-side routing">
          <p>Open the About page, then reload: the SPA fallback serves index.html.</p>
        </Card>
      </div>
    </>
  )
}
