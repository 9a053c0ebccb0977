import { useState } from "react";
import { format } from "date-fns";
import { CalendarIcon, Download } from "lucide-react";

import Layout from "@/components/Layout";
import StatsChart from "@/components/StatsChart";
import { Badge } from "@/components/ui/badge";
import {
  Breadcrumb,
  BreadcrumbItem,
  BreadcrumbLink,
  BreadcrumbList,
  BreadcrumbPage,
  BreadcrumbSeparator,
} from "@/components/ui/breadcrumb";
import { Button } from "@/components/ui/button";
import { Calendar } from "@/components/ui/calendar";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import {
  Pagination,
  PaginationContent,
  PaginationItem,
  PaginationLink,
  PaginationNext,
  PaginationPrevious,
} from "@/components/ui/pagination";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { ResizableHandle, ResizablePanel, ResizablePanelGroup } from "@/components/ui/resizable";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Toggle } from "@/components/ui/toggle";
import { cn } from "@/lib/utils";
import { Link } from "react-router-dom";

const pages = [
  { path: "/", views: 12840, bounce: "32%", status: "Healthy" },
  { path: "/pricing", views: 5230, bounce: "41%", status: "Healthy" },
  { path: "/blog/launch-week", views: 3915, bounce: "55%", status: "Watch" },
  { path: "/docs/getting-started", views: 2870, bounce: "28%", status: "Healthy" },
  { path: "/signup", views: 2410, bounce: "19%", status: "Healthy" },
  { path: "/legacy/checkout", views: 610, bounce: "72%", status: "Slow" },
];

const Analytics = () => {
  const [date, setDate] = useState<Date | undefined>(new Date(2024, 5, 30));
  const [compare, setCompare] = useState(false);

  return (
    <Layout>
      <div className="container space-y-6 py-8">
        <Breadcrumb>
          <BreadcrumbList>
            <BreadcrumbItem>
              <BreadcrumbLink asChild>
                <Link to="/">Home</Link>
              </BreadcrumbLink>
            </BreadcrumbItem>
            <BreadcrumbSeparator />
            <BreadcrumbItem>
              <BreadcrumbPage>Analytics</BreadcrumbPage>
            </BreadcrumbItem>
          </BreadcrumbList>
        </Breadcrumb>

        <div className="flex flex-wrap items-center justify-between gap-4">
          <div>
            <h1 className="text-3xl font-bold tracking-tight">Analytics overview</h1>
            <p className="text-muted-foreground">Traffic and page performance for the first half of the year.</p>
          </div>
          <div className="flex items-center gap-2">
            <Toggle variant="outline" pressed={compare} onPressedChange={setCompare} aria-label="Compare periods">
              Compare
            </Toggle>
            <Popover>
              <PopoverTrigger asChild>
                <Button variant="outline" className={cn("w-[200px] justify-start text-left font-normal")}>
                  <CalendarIcon className="mr-2 h-4 w-4" />
                  {date ? format(date, "PPP") : <span>Pick a date</span>}
                </Button>
              </PopoverTrigger>
              <PopoverContent className="w-auto p-0" align="end">
                <Calendar mode="single" selected={date} onSelect={setDate} initialFocus />
              </PopoverContent>
            </Popover>
            <Button variant="secondary">
              <Download /> Export
            </Button>
          </div>
        </div>

        <StatsChart
          title="Visitors by month"
          description={compare ? "Compared with the previous period" : "January to June"}
        />

        <ResizablePanelGroup direction="horizontal" className="min-h-[360px] rounded-lg border">
          <ResizablePanel defaultSize={65}>
            <div className="h-full p-4">
              <Table>
                <TableCaption>Top pages by views.</TableCaption>
                <TableHeader>
                  <TableRow>
                    <TableHead>Page</TableHead>
                    <TableHead className="text-right">Views</TableHead>
                    <TableHead className="text-right">Bounce</TableHead>
                    <TableHead>Status</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {pages.map((row) => (
                    <TableRow key={row.path}>
                      <TableCell className="font-mono text-xs">{row.path}</TableCell>
                      <TableCell className="text-right">{row.views.toLocaleString("en-US")}</TableCell>
                      <TableCell className="text-right">{row.bounce}</TableCell>
                      <TableCell>
                        <Badge variant={row.status === "Healthy" ? "secondary" : "destructive"}>{row.status}</Badge>
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </div>
          </ResizablePanel>
          <ResizableHandle withHandle />
          <ResizablePanel defaultSize={35}>
            <Card className="m-4 border-dashed">
              <CardHeader>
                <CardTitle className="text-base">Notes</CardTitle>
              </CardHeader>
              <CardContent className="text-sm text-muted-foreground">
                The legacy checkout is slow and will be retired next quarter. Drag the handle to resize this panel.
              </CardContent>
            </Card>
          </ResizablePanel>
        </ResizablePanelGroup>

        <Pagination>
          <PaginationContent>
            <PaginationItem>
              <PaginationPrevious href="#" />
            </PaginationItem>
            <PaginationItem>
              <PaginationLink href="#" isActive>
                1
              </PaginationLink>
            </PaginationItem>
            <PaginationItem>
              <PaginationLink href="#">2</PaginationLink>
            </PaginationItem>
            <PaginationItem>
              <PaginationNext href="#" />
            </PaginationItem>
          </PaginationContent>
        </Pagination>
      </div>
    </Layout>
  );
};

export default Analytics;
