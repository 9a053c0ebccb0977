import { useState } from "react";
import { Check } from "lucide-react";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { Switch } from "@/components/ui/switch";
import { toast } from "@/components/ui/sonner";

const plans = [
  {
    name: "Starter",
    monthly: 0,
    description: "For side projects and quick experiments.",
    features: ["1 project", "Community support", "7-day history"],
  },
  {
    name: "Team",
    monthly: 29,
    description: "For small teams shipping every week.",
    features: ["10 projects", "Email support", "90-day history", "Custom domains"],
    popular: true,
  },
  {
    name: "Business",
    monthly: 99,
    description: "For companies with compliance needs.",
    features: ["Unlimited projects", "Priority support", "1-year history", "SSO and audit log"],
  },
];

const PricingTable = () => {
  const [yearly, setYearly] = useState(false);

  return (
    <section className="space-y-8">
      <div className="flex items-center justify-center gap-3">
        <Label htmlFor="billing-period">Monthly</Label>
        <Switch id="billing-period" checked={yearly} onCheckedChange={setYearly} />
        <Label htmlFor="billing-period">
          Yearly <span className="text-muted-foreground">(2 months free)</span>
        </Label>
      </div>
      <div className="grid gap-6 md:grid-cols-3">
        {plans.map((plan) => {
          const price = yearly ? plan.monthly * 10 : plan.monthly;
          return (
            <Card key={plan.name} className={plan.popular ? "border-primary shadow-md" : undefined}>
              <CardHeader>
                <div className="flex items-center justify-between">
                  <CardTitle>{plan.name}</CardTitle>
                  {plan.popular && <Badge>Most popular</Badge>}
                </div>
                <CardDescription>{plan.description}</CardDescription>
              </CardHeader>
              <CardContent className="space-y-4">
                <p>
                  <span className="text-4xl font-bold">${price}</span>
                  <span className="text-muted-foreground">/{yearly ? "year" : "month"}</span>
                </p>
                <ul className="space-y-2 text-sm">
                  {plan.features.map((feature) => (
                    <li key={feature} className="flex items-center gap-2">
                      <Check className="h-4 w-4 text-primary" /> {feature}
                    </li>
                  ))}
                </ul>
              </CardContent>
              <CardFooter>
                <Button
                  className="w-full"
                  variant={plan.popular ? "default" : "outline"}
                  onClick={() => toast.success(`${plan.name} plan selected`)}
                >
                  Choose {plan.name}
                </Button>
              </CardFooter>
            </Card>
          );
        })}
      </div>
    </section>
  );
};

export default PricingTable;
