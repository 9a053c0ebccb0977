import { BarChart3, Bell, Lock, Workflow, Zap, Globe } from "lucide-react";

import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Tooltip, TooltipContent, TooltipTrigger } from "@/components/ui/tooltip";

const features = [
  { icon: Zap, title: "Instant previews", description: "Every change is rebuilt and shown in seconds." },
  { icon: BarChart3, title: "Built-in analytics", description: "Track visits, conversions and revenue in one place." },
  { icon: Workflow, title: "Automations", description: "Trigger workflows when a metric crosses a threshold." },
  { icon: Bell, title: "Smart alerts", description: "Get notified by email or chat when something breaks." },
  { icon: Lock, title: "Role-based access", description: "Decide who can view, edit or publish each project." },
  { icon: Globe, title: "Global edge", description: "Static assets are served from 30 regions worldwide." },
];

const FeatureGrid = () => (
  <section className="container py-12">
    <div className="mb-8 space-y-2 text-center">
      <h2 className="text-3xl font-bold tracking-tight">Everything your team needs</h2>
      <p className="text-muted-foreground">Six building blocks that ship with every workspace.</p>
    </div>
    <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
      {features.map(({ icon: Icon, title, description }) => (
        <Card key={title}>
          <CardHeader>
            <Tooltip>
              <TooltipTrigger asChild>
                <div className="mb-2 flex h-10 w-10 items-center justify-center rounded-md bg-primary/10 text-primary">
                  <Icon className="h-5 w-5" />
                </div>
              </TooltipTrigger>
              <TooltipContent>{title}</TooltipContent>
            </Tooltip>
            <CardTitle className="text-lg">{title}</CardTitle>
            <CardDescription>{description}</CardDescription>
          </CardHeader>
          <CardContent />
        </Card>
      ))}
    </div>
  </section>
);

export default FeatureGrid;
