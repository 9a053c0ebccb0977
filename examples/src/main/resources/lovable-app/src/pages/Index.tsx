import { useState } from "react";
import { Bell, ChevronsUpDown, Info, MoreHorizontal, Plus, Settings, TrendingUp, Users } from "lucide-react";

import FeatureGrid from "@/components/FeatureGrid";
import Hero from "@/components/Hero";
import Layout from "@/components/Layout";
import StatsChart from "@/components/StatsChart";
import TestimonialCarousel from "@/components/TestimonialCarousel";
import { Accordion, AccordionContent, AccordionItem, AccordionTrigger } from "@/components/ui/accordion";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Avatar, AvatarFallback } from "@/components/ui/avatar";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { Collapsible, CollapsibleContent, CollapsibleTrigger } from "@/components/ui/collapsible";
import {
  Command,
  CommandEmpty,
  CommandGroup,
  CommandInput,
  CommandItem,
  CommandList,
  CommandSeparator,
} from "@/components/ui/command";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { Progress } from "@/components/ui/progress";
import { ScrollArea } from "@/components/ui/scroll-area";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Separator } from "@/components/ui/separator";
import { Skeleton } from "@/components/ui/skeleton";
import { Slider } from "@/components/ui/slider";
import { Switch } from "@/components/ui/switch";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { Tooltip, TooltipContent, TooltipTrigger } from "@/components/ui/tooltip";
import { useToast } from "@/hooks/use-toast";

const stats = [
  { label: "Active users", value: "1,284", change: "+12%", icon: Users, goal: 72 },
  { label: "Revenue", value: "$48,210", change: "+4.3%", icon: TrendingUp, goal: 58 },
  { label: "Open tickets", value: "37", change: "-8%", icon: Bell, goal: 31 },
];

const activity = [
  { initials: "AM", name: "Ana Moreau", action: "created a new project" },
  { initials: "JK", name: "Jonas Keller", action: "invited two teammates" },
  { initials: "PS", name: "Priya Shah", action: "closed ticket #482" },
  { initials: "LT", name: "Leo Tanaka", action: "updated billing details" },
  { initials: "MR", name: "Maya Rossi", action: "exported the monthly report" },
];

const Index = () => {
  const { toast } = useToast();
  const [projectName, setProjectName] = useState("");
  const [notifications, setNotifications] = useState(true);
  const [refreshMinutes, setRefreshMinutes] = useState([15]);
  const [showMore, setShowMore] = useState(false);

  const createProject = () => {
    toast({
      title: "Project created",
      description: projectName ? `"${projectName}" is ready.` : "Your new project is ready.",
    });
    setProjectName("");
  };

  return (
    <Layout>
      <Hero
        title="Lovable fixture dashboard"
        subtitle="A sample workspace with live metrics, team activity and a preview of everything the product can do."
      />

      <div className="container space-y-6 py-8">
        <Alert>
          <Info className="h-4 w-4" />
          <AlertTitle>Scheduled maintenance</AlertTitle>
          <AlertDescription>Reports will be read-only on Sunday between 02:00 and 03:00 UTC.</AlertDescription>
        </Alert>

        <section className="grid gap-4 md:grid-cols-3">
          {stats.map(({ label, value, change, icon: Icon, goal }) => (
            <Card key={label}>
              <CardHeader className="flex flex-row items-center justify-between space-y-0 pb-2">
                <CardTitle className="text-sm font-medium">{label}</CardTitle>
                <Icon className="h-4 w-4 text-muted-foreground" />
              </CardHeader>
              <CardContent className="space-y-2">
                <div className="text-2xl font-bold">{value}</div>
                <p className="text-xs text-muted-foreground">{change} from last month</p>
                <Progress value={goal} className="h-2" aria-label={`${label} goal progress`} />
              </CardContent>
            </Card>
          ))}
        </section>

        <div className="grid gap-6 lg:grid-cols-3">
          <div className="lg:col-span-2">
            <StatsChart />
          </div>
          <Card>
            <CardHeader>
              <CardTitle>Quick search</CardTitle>
              <CardDescription>Jump to a project or a teammate.</CardDescription>
            </CardHeader>
            <CardContent>
              <Command className="rounded-lg border">
                <CommandInput placeholder="Type to search..." />
                <CommandList>
                  <CommandEmpty>No results found.</CommandEmpty>
                  <CommandGroup heading="Projects">
                    <CommandItem>Marketing site</CommandItem>
                    <CommandItem>Mobile onboarding</CommandItem>
                  </CommandGroup>
                  <CommandSeparator />
                  <CommandGroup heading="People">
                    {activity.slice(0, 3).map((person) => (
                      <CommandItem key={person.name}>{person.name}</CommandItem>
                    ))}
                  </CommandGroup>
                </CommandList>
              </Command>
            </CardContent>
          </Card>
        </div>

        <Tabs defaultValue="overview">
          <div className="flex items-center justify-between">
            <TabsList>
              <TabsTrigger value="overview">Overview</TabsTrigger>
              <TabsTrigger value="settings">Settings</TabsTrigger>
              <TabsTrigger value="faq">FAQ</TabsTrigger>
            </TabsList>
            <div className="flex items-center gap-2">
              <Tooltip>
                <TooltipTrigger asChild>
                  <Button variant="ghost" size="icon" aria-label="Settings">
                    <Settings />
                  </Button>
                </TooltipTrigger>
                <TooltipContent>Workspace settings</TooltipContent>
              </Tooltip>
              <DropdownMenu>
                <DropdownMenuTrigger asChild>
                  <Button variant="ghost" className="gap-2 px-2">
                    <Avatar className="h-8 w-8">
                      <AvatarFallback>YO</AvatarFallback>
                    </Avatar>
                  </Button>
                </DropdownMenuTrigger>
                <DropdownMenuContent align="end">
                  <DropdownMenuLabel>My account</DropdownMenuLabel>
                  <DropdownMenuSeparator />
                  <DropdownMenuItem>Profile</DropdownMenuItem>
                  <DropdownMenuItem>Billing</DropdownMenuItem>
                  <DropdownMenuItem>Sign out</DropdownMenuItem>
                </DropdownMenuContent>
              </DropdownMenu>
              <Dialog>
                <DialogTrigger asChild>
                  <Button>
                    <Plus /> New project
                  </Button>
                </DialogTrigger>
                <DialogContent>
                  <DialogHeader>
                    <DialogTitle>Create project</DialogTitle>
                    <DialogDescription>Give your project a name. You can change it later.</DialogDescription>
                  </DialogHeader>
                  <div className="grid gap-2">
                    <Label htmlFor="project-name">Name</Label>
                    <Input
                      id="project-name"
                      placeholder="Marketing site"
                      value={projectName}
                      onChange={(e) => setProjectName(e.target.value)}
                    />
                  </div>
                  <DialogFooter>
                    <Button onClick={createProject}>Create</Button>
                  </DialogFooter>
                </DialogContent>
              </Dialog>
            </div>
          </div>

          <TabsContent value="overview">
            <Card>
              <CardHeader className="flex flex-row items-center justify-between">
                <div>
                  <CardTitle>Recent activity</CardTitle>
                  <CardDescription>What your team did this week.</CardDescription>
                </div>
                <Popover>
                  <PopoverTrigger asChild>
                    <Button variant="outline" size="icon" aria-label="More">
                      <MoreHorizontal />
                    </Button>
                  </PopoverTrigger>
                  <PopoverContent className="text-sm">Activity is kept for 30 days.</PopoverContent>
                </Popover>
              </CardHeader>
              <CardContent>
                <ScrollArea className="h-56 pr-4">
                  {activity.map((item, index) => (
                    <div key={item.name}>
                      {index > 0 && <Separator className="my-3" />}
                      <div className="flex items-center gap-3">
                        <Avatar className="h-9 w-9">
                          <AvatarFallback>{item.initials}</AvatarFallback>
                        </Avatar>
                        <p className="text-sm">
                          <span className="font-medium">{item.name}</span>{" "}
                          <span className="text-muted-foreground">{item.action}</span>
                        </p>
                      </div>
                    </div>
                  ))}
                </ScrollArea>
                <Collapsible open={showMore} onOpenChange={setShowMore} className="mt-4 space-y-2">
                  <CollapsibleTrigger asChild>
                    <Button variant="ghost" size="sm" className="gap-1">
                      <ChevronsUpDown className="h-4 w-4" /> {showMore ? "Hide" : "Show"} older activity
                    </Button>
                  </CollapsibleTrigger>
                  <CollapsibleContent className="space-y-2">
                    <Skeleton className="h-4 w-3/4" />
                    <Skeleton className="h-4 w-1/2" />
                  </CollapsibleContent>
                </Collapsible>
              </CardContent>
            </Card>
          </TabsContent>

          <TabsContent value="settings">
            <Card>
              <CardHeader>
                <CardTitle>Preferences</CardTitle>
                <CardDescription>Tune how the dashboard behaves.</CardDescription>
              </CardHeader>
              <CardContent className="space-y-5">
                <div className="flex items-center justify-between">
                  <Label htmlFor="notifications">Email notifications</Label>
                  <Switch id="notifications" checked={notifications} onCheckedChange={setNotifications} />
                </div>
                <div className="grid gap-2">
                  <Label>Default range</Label>
                  <Select defaultValue="30d">
                    <SelectTrigger className="w-48">
                      <SelectValue placeholder="Pick a range" />
                    </SelectTrigger>
                    <SelectContent>
                      <SelectItem value="7d">Last 7 days</SelectItem>
                      <SelectItem value="30d">Last 30 days</SelectItem>
                      <SelectItem value="90d">Last 90 days</SelectItem>
                    </SelectContent>
                  </Select>
                </div>
                <div className="grid gap-3">
                  <Label>Refresh every {refreshMinutes[0]} minutes</Label>
                  <Slider value={refreshMinutes} onValueChange={setRefreshMinutes} min={5} max={60} step={5} />
                </div>
                <div className="flex items-center gap-2">
                  <Checkbox id="weekly" defaultChecked />
                  <Label htmlFor="weekly">Send me a weekly summary</Label>
                </div>
                <AlertDialog>
                  <AlertDialogTrigger asChild>
                    <Button variant="destructive">Reset workspace</Button>
                  </AlertDialogTrigger>
                  <AlertDialogContent>
                    <AlertDialogHeader>
                      <AlertDialogTitle>Reset the workspace?</AlertDialogTitle>
                      <AlertDialogDescription>
                        All dashboards go back to their defaults. This cannot be undone.
                      </AlertDialogDescription>
                    </AlertDialogHeader>
                    <AlertDialogFooter>
                      <AlertDialogCancel>Cancel</AlertDialogCancel>
                      <AlertDialogAction>Reset</AlertDialogAction>
                    </AlertDialogFooter>
                  </AlertDialogContent>
                </AlertDialog>
              </CardContent>
            </Card>
          </TabsContent>

          <TabsContent value="faq">
            <Accordion type="single" collapsible className="w-full">
              <AccordionItem value="data">
                <AccordionTrigger>Where does this data come from?</AccordionTrigger>
                <AccordionContent>All numbers on this page are static sample data.</AccordionContent>
              </AccordionItem>
              <AccordionItem value="export">
                <AccordionTrigger>Can I export reports?</AccordionTrigger>
                <AccordionContent>Yes, from the account menu in the top right corner.</AccordionContent>
              </AccordionItem>
            </Accordion>
          </TabsContent>
        </Tabs>

        <div className="flex items-center gap-2">
          <Badge variant="secondary">Beta</Badge>
          <span className="text-sm text-muted-foreground">Some widgets on this page are still experimental.</span>
        </div>
      </div>

      <FeatureGrid />
      <TestimonialCarousel />
    </Layout>
  );
};

export default Index;
