import { forwardRef, type ComponentPropsWithoutRef, type ElementRef, type HTMLAttributes } from 'react'
import { Slot } from '@radix-ui/react-slot'
import * as LabelPrimitive from '@radix-ui/react-label'
import * as CheckboxPrimitive from '@radix-ui/react-checkbox'
import * as SwitchPrimitive from '@radix-ui/react-switch'
import * as SeparatorPrimitive from '@radix-ui/react-separator'
import * as AvatarPrimitive from '@radix-ui/react-avatar'
import * as ProgressPrimitive from '@radix-ui/react-progress'
import * as TooltipPrimitive from '@radix-ui/react-tooltip'
import { cva, type VariantProps } from 'class-variance-authority'
import { Check } from 'lucide-react'
import { cn } from '../lib/utils.ts'

export const buttonVariants = cva('btn inline-flex items-center gap-2 rounded-md text-sm font-medium', {
  variants: {
    variant: {
      default: 'bg-primary text-white hover:bg-primary/90',
      outline: 'border border-input bg-background hover:bg-accent',
      ghost: 'hover:bg-accent hover:text-accent-foreground',
      destructive: 'bg-red-600 text-white hover:bg-red-700',
    },
    size: { sm: 'h-8 px-3', md: 'h-10 px-4', icon: 'h-9 w-9 justify-center' },
  },
  defaultVariants: { variant: 'default', size: 'md' },
})

export interface ButtonProps extends ComponentPropsWithoutRef<'button'>, VariantProps<typeof buttonVariants> {
  asChild?: boolean
}

export const Button = forwardRef<HTMLButtonElement, ButtonProps>(({ className, variant, size, asChild, ...props }, ref) => {
  const Comp = asChild ? Slot : 'button'
  return <Comp ref={ref} className={cn(buttonVariants({ variant, size }), className)} {...props} />
})
Button.displayName = 'Button'

export const badgeVariants = cva('badge rounded-full px-2 py-0.5 text-xs', {
  variants: {
    tone: { neutral: 'bg-gray-100 text-gray-800', good: 'bg-green-100 text-green-800', bad: 'bg-red-100 text-red-800', warn: 'bg-amber-100 text-amber-800' },
  },
  defaultVariants: { tone: 'neutral' },
})

export function Badge({ className, tone, ...props }: HTMLAttributes<HTMLSpanElement> & VariantProps<typeof badgeVariants>) {
  return <span className={cn(badgeVariants({ tone }), className)} {...props} />
}

export function Card({ className, ...props }: HTMLAttributes<HTMLDivElement>) {
  return <div className={cn('card rounded-xl border bg-card p-4 shadow-sm', className)} {...props} />
}

export function CardTitle({ className, ...props }: HTMLAttributes<HTMLHeadingElement>) {
  return <h3 className={cn('card-title text-lg font-semibold leading-none', className)} {...props} />
}

export const Input = forwardRef<HTMLInputElement, ComponentPropsWithoutRef<'input'>>(({ className, ...props }, ref) => (
  <input ref={ref} className={cn('input h-10 w-full rounded-md border px-3 text-sm', className)} {...props} />
))
Input.displayName = 'Input'

export const Label = forwardRef<ElementRef<typeof LabelPrimitive.Root>, ComponentPropsWithoutRef<typeof LabelPrimitive.Root>>(
  ({ className, ...props }, ref) => <LabelPrimitive.Root ref={ref} className={cn('label text-sm font-medium', className)} {...props} />,
)
Label.displayName = 'Label'

export const Checkbox = forwardRef<ElementRef<typeof CheckboxPrimitive.Root>, ComponentPropsWithoutRef<typeof CheckboxPrimitive.Root>>(
  ({ className, ...props }, ref) => (
    <CheckboxPrimitive.Root ref={ref} className={cn('checkbox h-4 w-4 rounded border', className)} {...props}>
      <CheckboxPrimitive.Indicator className="checkbox-indicator">
        <Check size={12} />
      </CheckboxPrimitive.Indicator>
    </CheckboxPrimitive.Root>
  ),
)
Checkbox.displayName = 'Checkbox'

export const Switch = forwardRef<ElementRef<typeof SwitchPrimitive.Root>, ComponentPropsWithoutRef<typeof SwitchPrimitive.Root>>(
  ({ className, ...props }, ref) => (
    <SwitchPrimitive.Root ref={ref} className={cn('switch inline-flex h-6 w-11 rounded-full', className)} {...props}>
      <SwitchPrimitive.Thumb className="switch-thumb block h-5 w-5 rounded-full bg-white" />
    </SwitchPrimitive.Root>
  ),
)
Switch.displayName = 'Switch'

export function Separator({ className, ...props }: ComponentPropsWithoutRef<typeof SeparatorPrimitive.Root>) {
  return <SeparatorPrimitive.Root className={cn('separator my-4 h-px bg-border', className)} {...props} />
}

export function Avatar({ name, src, className }: { name: string; src?: string; className?: string }) {
  const initials = name.split(' ').map((part) => part[0]).join('').slice(0, 2).toUpperCase()
  return (
    <AvatarPrimitive.Root className={cn('avatar inline-flex h-9 w-9 overflow-hidden rounded-full', className)}>
      {src && <AvatarPrimitive.Image src={src} alt={name} />}
      <AvatarPrimitive.Fallback delayMs={300} className="avatar-fallback">{initials}</AvatarPrimitive.Fallback>
    </AvatarPrimitive.Root>
  )
}

export function Progress({ value, className }: { value: number; className?: string }) {
  return (
    <ProgressPrimitive.Root value={value} className={cn('progress relative h-2 overflow-hidden rounded-full', className)}>
      <ProgressPrimitive.Indicator className="progress-indicator h-full" style={{ transform: `translateX(-${100 - value}%)` }} />
    </ProgressPrimitive.Root>
  )
}

export function Hint({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <TooltipPrimitive.Root>
      <TooltipPrimitive.Trigger asChild>{children}</TooltipPrimitive.Trigger>
      <TooltipPrimitive.Portal>
        <TooltipPrimitive.Content sideOffset={6} className="tooltip rounded px-2 py-1 text-xs">
          {label}
          <TooltipPrimitive.Arrow className="tooltip-arrow" />
        </TooltipPrimitive.Content>
      </TooltipPrimitive.Portal>
    </TooltipPrimitive.Root>
  )
}
