import { Link } from "react-router-dom";
import { ArrowRight, Rocket } from "lucide-react";

import { AspectRatio } from "@/components/ui/aspect-ratio";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { HoverCard, HoverCardContent, HoverCardTrigger } from "@/components/ui/hover-card";

interface HeroProps {
  title: string;
  subtitle: string;
}

const Hero = ({ title, subtitle }: HeroProps) => (
  <section className="border-b bg-muted/40">
    <div className="container grid items-center gap-10 py-12 md:grid-cols-2">
      <div className="space-y-5">
        <HoverCard>
          <HoverCardTrigger asChild>
            <Badge variant="outline" className="cursor-default gap-1">
              <Rocket className="h-3 w-3" /> Release 2.4 is live
            </Badge>
          </HoverCardTrigger>
          <HoverCardContent className="text-sm">
            Release 2.4 adds saved views, CSV export and a faster chart renderer.
          </HoverCardContent>
        </HoverCard>
        <h1 className="text-4xl font-bold tracking-tight md:text-5xl">{title}</h1>
        <p className="max-w-prose text-lg text-muted-foreground">{subtitle}</p>
        <div className="flex flex-wrap gap-3">
          <Button asChild size="lg">
            <Link to="/analytics">
              Open analytics <ArrowRight />
            </Link>
          </Button>
          <Button asChild size="lg" variant="outline">
            <Link to="/pricing">See pricing</Link>
          </Button>
        </div>
      </div>
      <div className="overflow-hidden rounded-xl border bg-background shadow-sm">
        <AspectRatio ratio={16 / 9}>
          <img src="/placeholder.svg" alt="Dashboard preview" className="h-full w-full object-cover" />
        </AspectRatio>
      </div>
    </div>
  </section>
);

export default Hero;
