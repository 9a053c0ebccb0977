const Footer = () => (
  <footer className="border-t py-6">
    <div className="container flex flex-col items-center justify-between gap-2 text-sm text-muted-foreground md:flex-row">
      <p>Footer version 1</p>
      <p>Built with Vite, React and shadcn/ui.</p>
    </div>
  </footer>
);

export default Footer;
