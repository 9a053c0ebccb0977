import { useState } from "react";
import { Area, AreaChart, Bar, BarChart, CartesianGrid, XAxis, YAxis } from "recharts";

import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import {
  ChartContainer,
  ChartLegend,
  ChartLegendContent,
  ChartTooltip,
  ChartTooltipContent,
  type ChartConfig,
} from "@/components/ui/chart";
import { ToggleGroup, ToggleGroupItem } from "@/components/ui/toggle-group";

const monthly = [
  { month: "January", visitors: 1860, signups: 320 },
  { month: "February", visitors: 3050, signups: 410 },
  { month: "March", visitors: 2370, signups: 380 },
  { month: "April", visitors: 2730, signups: 450 },
  { month: "May", visitors: 2090, signups: 390 },
  { month: "June", visitors: 3140, signups: 520 },
];

const chartConfig = {
  visitors: { label: "Visitors", color: "hsl(var(--primary))" },
  signups: { label: "Sign-ups", color: "hsl(var(--muted-foreground))" },
} satisfies ChartConfig;

interface StatsChartProps {
  title?: string;
  description?: string;
}

const StatsChart = ({ title = "Traffic", description = "Visitors and sign-ups, January to June" }: StatsChartProps) => {
  const [kind, setKind] = useState("area");

  return (
    <Card>
      <CardHeader className="flex flex-row items-start justify-between space-y-0">
        <div className="space-y-1.5">
          <CardTitle>{title}</CardTitle>
          <CardDescription>{description}</CardDescription>
        </div>
        <ToggleGroup type="single" size="sm" variant="outline" value={kind} onValueChange={(v) => v && setKind(v)}>
          <ToggleGroupItem value="area">Area</ToggleGroupItem>
          <ToggleGroupItem value="bar">Bar</ToggleGroupItem>
        </ToggleGroup>
      </CardHeader>
      <CardContent>
        <ChartContainer config={chartConfig} className="h-[260px] w-full">
          {kind === "area" ? (
            <AreaChart data={monthly} margin={{ left: 8, right: 8 }}>
              <CartesianGrid vertical={false} />
              <XAxis dataKey="month" tickLine={false} axisLine={false} tickFormatter={(v: string) => v.slice(0, 3)} />
              <YAxis tickLine={false} axisLine={false} width={40} />
              <ChartTooltip content={<ChartTooltipContent indicator="line" />} />
              <ChartLegend content={<ChartLegendContent />} />
              <Area
                dataKey="visitors"
                type="monotone"
                fill="var(--color-visitors)"
                fillOpacity={0.25}
                stroke="var(--color-visitors)"
              />
              <Area
                dataKey="signups"
                type="monotone"
                fill="var(--color-signups)"
                fillOpacity={0.2}
                stroke="var(--color-signups)"
              />
            </AreaChart>
          ) : (
            <BarChart data={monthly}>
              <CartesianGrid vertical={false} />
              <XAxis dataKey="month" tickLine={false} axisLine={false} tickFormatter={(v: string) => v.slice(0, 3)} />
              <ChartTooltip content={<ChartTooltipContent />} />
              <ChartLegend content={<ChartLegendContent />} />
              <Bar dataKey="visitors" fill="var(--color-visitors)" radius={4} />
              <Bar dataKey="signups" fill="var(--color-signups)" radius={4} />
            </BarChart>
          )}
        </ChartContainer>
      </CardContent>
    </Card>
  );
};

export default StatsChart;
