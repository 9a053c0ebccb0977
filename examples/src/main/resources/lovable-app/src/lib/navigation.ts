// Top-level routes shown in the navbar; keep in sync with the <Routes> in App.tsx.
export const navLinks = [
  { to: "/", label: "Home" },
  { to: "/analytics", label: "Analytics" },
  { to: "/pricing", label: "Pricing" },
  { to: "/team", label: "Team" },
  { to: "/contact", label: "Contact" },
];
