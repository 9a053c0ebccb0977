import { useEffect, useState } from 'react'
import { useNavigate } from 'react-router-dom'
import { Command } from 'cmdk'
import * as Dialog from '@radix-ui/react-dialog'
import { LayoutDashboard, ListTodo, Moon, Search, Settings } from 'lucide-react'
import { toast } from 'sonner'

export default function CommandMenu() {
  const [open, setOpen] = useState(false)
  const navigate = useNavigate()

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'k' && (event.metaKey || event.ctrlKey)) {
        event.preventDefault()
        setOpen((value) => !value)
      }
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [])

  const go = (path: string) => {
    setOpen(false)
    navigate(path)
  }

  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger className="command-trigger" aria-label="Open command menu">
        <Search size={16} /> Search… <kbd>Ctrl K</kbd>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog-content command-dialog">
          <Dialog.Title className="sr-only">Command menu</Dialog.Title>
          <Command label="Command menu">
            <Command.Input placeholder="Type a command or search…" />
            <Command.List>
              <Command.Empty>No results found.</Command.Empty>
              <Command.Group heading="Pages">
                <Command.Item onSelect={() => go('/')}><LayoutDashboard size={14} /> Dashboard</Command.Item>
                <Command.Item onSelect={() => go('/tasks')}><ListTodo size={14} /> Tasks</Command.Item>
                <Command.Item onSelect={() => go('/settings')}><Settings size={14} /> Settings</Command.Item>
              </Command.Group>
              <Command.Separator />
              <Command.Group heading="Actions">
                <Command.Item onSelect={() => { setOpen(false); toast('Dark mode is coming soon') }}>
                  <Moon size={14} /> Toggle theme
                </Command.Item>
              </Command.Group>
            </Command.List>
          </Command>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  )
}
