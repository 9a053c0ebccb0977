import { Link, NavLink } from "react-router-dom";
import { Menu, Sparkles } from "lucide-react";

import { Button } from "@/components/ui/button";
import {
  NavigationMenu,
  NavigationMenuContent,
  NavigationMenuItem,
  NavigationMenuLink,
  NavigationMenuList,
  NavigationMenuTrigger,
} from "@/components/ui/navigation-menu";
import { Sheet, SheetContent, SheetHeader, SheetTitle, SheetTrigger } from "@/components/ui/sheet";
import { navLinks } from "@/lib/navigation";
import { cn } from "@/lib/utils";

const resources = [
  { to: "/analytics", title: "Usage reports", description: "Charts and tables for the last quarter." },
  { to: "/team", title: "People directory", description: "Everyone working on the workspace." },
  { to: "/contact", title: "Support", description: "Send a message to the support team." },
];

const Navbar = () => (
  <header className="sticky top-0 z-40 border-b bg-background/95 backdrop-blur supports-[backdrop-filter]:bg-background/60">
    <div className="container flex h-16 items-center justify-between gap-4">
      <Link to="/" className="flex items-center gap-2 font-semibold">
        <Sparkles className="h-5 w-5 text-primary" />
        <span>Lovable fixture</span>
      </Link>

      <nav aria-label="Main" className="hidden items-center gap-1 md:flex">
        {navLinks.map((link) => (
          <NavLink
            key={link.to}
            to={link.to}
            end={link.to === "/"}
            className={({ isActive }) =>
              cn(
                "rounded-md px-3 py-2 text-sm font-medium transition-colors hover:bg-accent hover:text-accent-foreground",
                isActive ? "text-foreground" : "text-muted-foreground",
              )
            }
          >
            {link.label}
          </NavLink>
        ))}
        <NavigationMenu>
          <NavigationMenuList>
            <NavigationMenuItem>
              <NavigationMenuTrigger>Resources</NavigationMenuTrigger>
              <NavigationMenuContent>
                <ul className="grid w-[360px] gap-2 p-4">
                  {resources.map((item) => (
                    <li key={item.title}>
                      <NavigationMenuLink asChild>
                        <Link to={item.to} className="block rounded-md p-3 hover:bg-accent">
                          <div className="text-sm font-medium">{item.title}</div>
                          <p className="text-sm text-muted-foreground">{item.description}</p>
                        </Link>
                      </NavigationMenuLink>
                    </li>
                  ))}
                </ul>
              </NavigationMenuContent>
            </NavigationMenuItem>
          </NavigationMenuList>
        </NavigationMenu>
      </nav>

      <div className="flex items-center gap-2">
        <Button asChild size="sm" className="hidden md:inline-flex">
          <Link to="/pricing">Get started</Link>
        </Button>
        <Sheet>
          <SheetTrigger asChild>
            <Button variant="ghost" size="icon" className="md:hidden" aria-label="Open menu">
              <Menu />
            </Button>
          </SheetTrigger>
          <SheetContent side="left">
            <SheetHeader>
              <SheetTitle>Navigation</SheetTitle>
            </SheetHeader>
            <div className="mt-6 grid gap-2">
              {navLinks.map((link) => (
                <Link key={link.to} to={link.to} className="rounded-md px-3 py-2 text-sm hover:bg-accent">
                  {link.label}
                </Link>
              ))}
            </div>
          </SheetContent>
        </Sheet>
      </div>
    </div>
  </header>
);

export default Navbar;
