import { Quote } from "lucide-react";

import { Avatar, AvatarFallback } from "@/components/ui/avatar";
import { Card, CardContent } from "@/components/ui/card";
import { Carousel, CarouselContent, CarouselItem, CarouselNext, CarouselPrevious } from "@/components/ui/carousel";

const testimonials = [
  {
    initials: "SN",
    name: "Sofia Novak",
    role: "Head of Growth, Brightlane",
    quote: "We replaced three internal tools with this dashboard in a single afternoon.",
  },
  {
    initials: "DA",
    name: "Daniel Okafor",
    role: "CTO, Fieldnote",
    quote: "The previews are so fast that our designers stopped asking for staging servers.",
  },
  {
    initials: "HL",
    name: "Hannah Lindqvist",
    role: "Product Manager, Northwind",
    quote: "Alerts caught a broken checkout before any customer noticed it.",
  },
  {
    initials: "RG",
    name: "Rafael Gomez",
    role: "Founder, Tinybox",
    quote: "Pricing is simple, support is quick and the charts look great out of the box.",
  },
];

const TestimonialCarousel = () => (
  <section className="bg-muted/40 py-12">
    <div className="container">
      <h2 className="mb-8 text-center text-3xl font-bold tracking-tight">What customers say</h2>
      <Carousel opts={{ align: "start", loop: true }} className="mx-auto w-full max-w-4xl">
        <CarouselContent>
          {testimonials.map((t) => (
            <CarouselItem key={t.name} className="md:basis-1/2">
              <Card className="h-full">
                <CardContent className="flex h-full flex-col gap-4 p-6">
                  <Quote className="h-6 w-6 text-primary" />
                  <p className="flex-1 text-sm leading-relaxed">{t.quote}</p>
                  <div className="flex items-center gap-3">
                    <Avatar className="h-9 w-9">
                      <AvatarFallback>{t.initials}</AvatarFallback>
                    </Avatar>
                    <div>
                      <p className="text-sm font-medium">{t.name}</p>
                      <p className="text-xs text-muted-foreground">{t.role}</p>
                    </div>
                  </div>
                </CardContent>
              </Card>
            </CarouselItem>
          ))}
        </CarouselContent>
        <CarouselPrevious />
        <CarouselNext />
      </Carousel>
    </div>
  </section>
);

export default TestimonialCarousel;
