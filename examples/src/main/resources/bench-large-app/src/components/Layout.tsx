import { NavLink, Outlet, useLocation } from 'react-router-dom'
import * as DropdownMenu from '@radix-ui/react-dropdown-menu'
import * as ScrollArea from '@radix-ui/react-scroll-area'
import { Drawer } from 'vaul'
import { AnimatePresence, motion } from 'framer-motion'
import { Bell, LayoutDashboard, ListTodo, LogOut, Menu, Settings, User } from 'lucide-react'
import { toast } from 'sonner'
import CommandMenu from './CommandMenu.tsx'
import { Avatar, Button, Hint } from './ui.tsx'
import { cn } from '../lib/utils.ts'

const links = [
  { to: '/', label: 'Dashboard', icon: LayoutDashboard },
  { to: '/tasks', label: 'Tasks', icon: ListTodo },
  { to: '/settings', label: 'Settings', icon: Settings },
]

function Navigation({ onNavigate }: { onNavigate?: () => void }) {
  return (
    <nav className="nav flex flex-col gap-1">
      {links.map(({ to, label, icon: Icon }) => (
        <NavLink
          key={to}
          to={to}
          end={to === '/'}
          onClick={onNavigate}
          className={({ isActive }) => cn('nav-link flex items-center gap-2 rounded px-3 py-2', isActive && 'nav-link-active bg-accent')}
        >
          <Icon size={16} /> {label}
        </NavLink>
      ))}
    </nav>
  )
}

export default function Layout() {
  const location = useLocation()
  return (
    <div className="shell">
      <aside className="sidebar">
        <div className="brand">Acme Ops</div>
        <ScrollArea.Root className="scroll-area">
          <ScrollArea.Viewport className="scroll-viewport">
            <Navigation />
          </ScrollArea.Viewport>
          <ScrollArea.Scrollbar orientation="vertical" className="scrollbar">
            <ScrollArea.Thumb className="scroll-thumb" />
          </ScrollArea.Scrollbar>
        </ScrollArea.Root>
      </aside>
      <div className="main">
        <header className="topbar">
          <Drawer.Root direction="left">
            <Drawer.Trigger asChild>
              <Button variant="ghost" size="icon" className="mobile-only" aria-label="Open menu"><Menu size={18} /></Button>
            </Drawer.Trigger>
            <Drawer.Portal>
              <Drawer.Overlay className="dialog-overlay" />
              <Drawer.Content className="drawer-content">
                <Drawer.Title className="brand">Acme Ops</Drawer.Title>
                <Navigation />
              </Drawer.Content>
            </Drawer.Portal>
          </Drawer.Root>
          <CommandMenu />
          <div className="topbar-actions">
            <Hint label="Notifications">
              <Button variant="ghost" size="icon" onClick={() => toast.info('No new notifications')} aria-label="Notifications">
                <Bell size={18} />
              </Button>
            </Hint>
            <DropdownMenu.Root>
              <DropdownMenu.Trigger asChild>
                <button className="avatar-button" aria-label="Account"><Avatar name="Ada Lovelace" /></button>
              </DropdownMenu.Trigger>
              <DropdownMenu.Portal>
                <DropdownMenu.Content className="menu" sideOffset={8} align="end">
                  <DropdownMenu.Label className="menu-label">Ada Lovelace</DropdownMenu.Label>
                  <DropdownMenu.Separator className="menu-separator" />
                  <DropdownMenu.Item className="menu-item"><User size={14} /> Profile</DropdownMenu.Item>
                  <DropdownMenu.Item className="menu-item" onSelect={() => toast.success('Signed out')}>
                    <LogOut size={14} /> Sign out
                  </DropdownMenu.Item>
                </DropdownMenu.Content>
              </DropdownMenu.Portal>
            </DropdownMenu.Root>
          </div>
        </header>
        <AnimatePresence mode="wait">
          <motion.main
            key={location.pathname}
            className="content"
            initial={{ opacity: 0, y: 8 }}
            animate={{ opacity: 1, y: 0 }}
            exit={{ opacity: 0, y: -8 }}
            transition={{ duration: 0.18 }}
          >
            <Outlet />
          </motion.main>
        </AnimatePresence>
      </div>
    </div>
  )
}
