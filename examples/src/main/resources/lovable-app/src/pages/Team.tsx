import { useQuery } from "@tanstack/react-query";
import { Mail, MapPin } from "lucide-react";

import Layout from "@/components/Layout";
import { Avatar, AvatarFallback } from "@/components/ui/avatar";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent } from "@/components/ui/card";
import {
  ContextMenu,
  ContextMenuContent,
  ContextMenuItem,
  ContextMenuSeparator,
  ContextMenuShortcut,
  ContextMenuTrigger,
} from "@/components/ui/context-menu";
import { HoverCard, HoverCardContent, HoverCardTrigger } from "@/components/ui/hover-card";
import {
  Menubar,
  MenubarContent,
  MenubarItem,
  MenubarMenu,
  MenubarSeparator,
  MenubarShortcut,
  MenubarTrigger,
} from "@/components/ui/menubar";
import { Skeleton } from "@/components/ui/skeleton";
import { toast } from "@/components/ui/sonner";

const members = [
  { initials: "AM", name: "Ana Moreau", role: "Engineering lead", city: "Lyon", team: "Platform" },
  { initials: "JK", name: "Jonas Keller", role: "Product designer", city: "Berlin", team: "Design" },
  { initials: "PS", name: "Priya Shah", role: "Support engineer", city: "Pune", team: "Support" },
  { initials: "LT", name: "Leo Tanaka", role: "Finance manager", city: "Osaka", team: "Operations" },
  { initials: "MR", name: "Maya Rossi", role: "Data analyst", city: "Milan", team: "Platform" },
  { initials: "OB", name: "Omar Benali", role: "Frontend engineer", city: "Casablanca", team: "Platform" },
];

const fetchMembers = async () => members;

const Team = () => {
  const { data: team, isLoading } = useQuery({ queryKey: ["team-members"], queryFn: fetchMembers });

  return (
    <Layout>
      <div className="container space-y-8 py-10">
        <div className="flex flex-wrap items-end justify-between gap-4">
          <div>
            <h1 className="text-3xl font-bold tracking-tight">Meet the team</h1>
            <p className="text-muted-foreground">Six people across five time zones. Right-click a card for actions.</p>
          </div>
          <Menubar>
            <MenubarMenu>
              <MenubarTrigger>People</MenubarTrigger>
              <MenubarContent>
                <MenubarItem>
                  Invite member <MenubarShortcut>Ctrl+I</MenubarShortcut>
                </MenubarItem>
                <MenubarItem>Export directory</MenubarItem>
                <MenubarSeparator />
                <MenubarItem>Manage roles</MenubarItem>
              </MenubarContent>
            </MenubarMenu>
            <MenubarMenu>
              <MenubarTrigger>View</MenubarTrigger>
              <MenubarContent>
                <MenubarItem>Grid</MenubarItem>
                <MenubarItem>List</MenubarItem>
              </MenubarContent>
            </MenubarMenu>
          </Menubar>
        </div>

        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {isLoading &&
            Array.from({ length: 3 }, (_, i) => <Skeleton key={i} className="h-28 w-full rounded-lg" />)}
          {(team ?? []).map((member) => (
            <ContextMenu key={member.name}>
              <ContextMenuTrigger asChild>
                <Card>
                  <CardContent className="flex items-center gap-4 p-6">
                    <Avatar className="h-12 w-12">
                      <AvatarFallback>{member.initials}</AvatarFallback>
                    </Avatar>
                    <div className="space-y-1">
                      <HoverCard>
                        <HoverCardTrigger asChild>
                          <p className="cursor-default font-medium hover:underline">{member.name}</p>
                        </HoverCardTrigger>
                        <HoverCardContent className="space-y-2 text-sm">
                          <p className="flex items-center gap-2">
                            <MapPin className="h-4 w-4" /> {member.city}
                          </p>
                          <p className="flex items-center gap-2">
                            <Mail className="h-4 w-4" /> {member.name.split(" ")[0].toLowerCase()}@example.com
                          </p>
                        </HoverCardContent>
                      </HoverCard>
                      <p className="text-sm text-muted-foreground">{member.role}</p>
                      <Badge variant="outline">{member.team}</Badge>
                    </div>
                  </CardContent>
                </Card>
              </ContextMenuTrigger>
              <ContextMenuContent>
                <ContextMenuItem onSelect={() => toast(`Message sent to ${member.name}`)}>
                  Send message <ContextMenuShortcut>M</ContextMenuShortcut>
                </ContextMenuItem>
                <ContextMenuItem>View profile</ContextMenuItem>
                <ContextMenuSeparator />
                <ContextMenuItem>Remove from workspace</ContextMenuItem>
              </ContextMenuContent>
            </ContextMenu>
          ))}
        </div>
      </div>
    </Layout>
  );
};

export default Team;
