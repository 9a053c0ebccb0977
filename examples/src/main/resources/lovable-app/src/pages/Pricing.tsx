import Layout from "@/components/Layout";
import PricingTable from "@/components/PricingTable";
import { Accordion, AccordionContent, AccordionItem, AccordionTrigger } from "@/components/ui/accordion";
import { Button } from "@/components/ui/button";
import {
  Drawer,
  DrawerClose,
  DrawerContent,
  DrawerDescription,
  DrawerFooter,
  DrawerHeader,
  DrawerTitle,
  DrawerTrigger,
} from "@/components/ui/drawer";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

const comparison = [
  { feature: "Projects", starter: "1", team: "10", business: "Unlimited" },
  { feature: "History", starter: "7 days", team: "90 days", business: "1 year" },
  { feature: "Custom domains", starter: "No", team: "Yes", business: "Yes" },
  { feature: "SSO", starter: "No", team: "No", business: "Yes" },
];

const faqs = [
  { q: "Can I change plans later?", a: "Yes. Upgrades apply immediately and downgrades at the end of the period." },
  { q: "Is there a free trial?", a: "The Team plan comes with a 14-day trial, no credit card needed." },
  { q: "Do you offer discounts for non-profits?", a: "Yes, write to us from the contact page." },
];

const Pricing = () => (
  <Layout>
    <div className="container space-y-12 py-10">
      <div className="space-y-2 text-center">
        <h1 className="text-4xl font-bold tracking-tight">Plans and pricing</h1>
        <p className="text-muted-foreground">Start for free, upgrade when your team grows.</p>
      </div>

      <PricingTable />

      <section className="space-y-4">
        <h2 className="text-2xl font-semibold">Compare plans</h2>
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Feature</TableHead>
              <TableHead>Starter</TableHead>
              <TableHead>Team</TableHead>
              <TableHead>Business</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {comparison.map((row) => (
              <TableRow key={row.feature}>
                <TableCell className="font-medium">{row.feature}</TableCell>
                <TableCell>{row.starter}</TableCell>
                <TableCell>{row.team}</TableCell>
                <TableCell>{row.business}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </section>

      <section className="mx-auto max-w-2xl space-y-4">
        <h2 className="text-2xl font-semibold">Frequently asked questions</h2>
        <Accordion type="single" collapsible>
          {faqs.map((item) => (
            <AccordionItem key={item.q} value={item.q}>
              <AccordionTrigger>{item.q}</AccordionTrigger>
              <AccordionContent>{item.a}</AccordionContent>
            </AccordionItem>
          ))}
        </Accordion>
        <Drawer>
          <DrawerTrigger asChild>
            <Button variant="outline">Talk to sales</Button>
          </DrawerTrigger>
          <DrawerContent>
            <div className="mx-auto w-full max-w-sm">
              <DrawerHeader>
                <DrawerTitle>Enterprise plans</DrawerTitle>
                <DrawerDescription>Volume pricing, invoices and a dedicated success manager.</DrawerDescription>
              </DrawerHeader>
              <DrawerFooter>
                <Button>Book a call</Button>
                <DrawerClose asChild>
                  <Button variant="outline">Close</Button>
                </DrawerClose>
              </DrawerFooter>
            </div>
          </DrawerContent>
        </Drawer>
      </section>
    </div>
  </Layout>
);

export default Pricing;
