import { Link } from 'react-router-dom'

export default function About() {
  return (
    <>
      <h1>About this preview</h1>
      <p className="lead">
        This page is rendered by React Router. Previewkit falls back to index.html for unknown
        paths, so deep links like <code>/about</code> work on reload.
      </p>
      <Link to="/">Back home</Link>
    </>
  )
}
