import { useState } from 'react'
import { useForm } from 'react-hook-form'
import { zodResolver } from '@hookform/resolvers/zod'
import { z } from 'zod'
import * as ToastPrimitive from '@radix-ui/react-toast'
import { OTPInput, REGEXP_ONLY_DIGITS, type SlotProps } from 'input-otp'
import { Moon, Star, Sun } from 'lucide-react'
import { toast } from 'sonner'
import { cn } from '../lib/utils.ts'
import { Button, Card, CardTitle, Input, Label, Separator, Switch } from '../components/ui.tsx'

const profileSchema = z.object({
  name: z.string().min(2, 'At least 2 characters'),
  email: z.email('Enter a valid email'),
  website: z.url().optional().or(z.literal('')),
})

type Profile = z.infer<typeof profileSchema>

function Slot({ char, isActive, hasFakeCaret }: SlotProps) {
  return (
    <div className={cn('otp-slot', isActive && 'otp-slot-active')}>
      {char}
      {hasFakeCaret && <span className="otp-caret" />}
    </div>
  )
}

export default function Settings() {
  const [dark, setDark] = useState(false)
  const [emails, setEmails] = useState(true)
  const [saved, setSaved] = useState(false)
  const [code, setCode] = useState('')
  const form = useForm<Profile>({
    resolver: zodResolver(profileSchema),
    defaultValues: { name: 'Ada Lovelace', email: 'ada@example.com', website: '' },
  })

  return (
    <div className="page">
      <h1>Settings</h1>
      <Card>
        <CardTitle>Profile</CardTitle>
        <form
          className="form"
          onSubmit={form.handleSubmit((values) => {
            setSaved(true)
            toast.success(`Saved profile of ${values.name}`)
          })}
        >
          <div className="field">
            <Label htmlFor="name">Name</Label>
            <Input id="name" {...form.register('name')} />
            {form.formState.errors.name && <p className="error">{form.formState.errors.name.message}</p>}
          </div>
          <div className="field">
            <Label htmlFor="email">Email</Label>
            <Input id="email" type="email" {...form.register('email')} />
            {form.formState.errors.email && <p className="error">{form.formState.errors.email.message}</p>}
          </div>
          <div className="field">
            <Label htmlFor="website">Website</Label>
            <Input id="website" {...form.register('website')} />
          </div>
          <Button type="submit">Save profile</Button>
        </form>
      </Card>
      <Separator />
      <Card>
        <CardTitle>Preferences</CardTitle>
        <div className="row">
          <Label htmlFor="dark">{dark ? <Moon size={14} /> : <Sun size={14} />} Dark mode</Label>
          <Switch id="dark" checked={dark} onCheckedChange={setDark} />
        </div>
        <div className="row">
          <Label htmlFor="emails"><Star size={14} /> Weekly summary emails</Label>
          <Switch id="emails" checked={emails} onCheckedChange={setEmails} />
        </div>
      </Card>
      <Card>
        <CardTitle>Two-factor authentication</CardTitle>
        <p className="muted">Enter the 6-digit code from your authenticator app.</p>
        <OTPInput
          maxLength={6}
          value={code}
          onChange={setCode}
          pattern={REGEXP_ONLY_DIGITS}
          onComplete={(value) => toast.info(`Code ${value} submitted`)}
          containerClassName="otp"
          render={({ slots }) => (
            <div className="otp-group">
              {slots.map((slot, index) => <Slot key={index} {...slot} />)}
            </div>
          )}
        />
      </Card>
      <ToastPrimitive.Root open={saved} onOpenChange={setSaved} className="toast" duration={3000}>
        <ToastPrimitive.Title>Profile saved</ToastPrimitive.Title>
        <ToastPrimitive.Description>Your changes are live.</ToastPrimitive.Description>
        <ToastPrimitive.Close className="toast-close">Dismiss</ToastPrimitive.Close>
      </ToastPrimitive.Root>
    </div>
  )
}
