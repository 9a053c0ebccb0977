import { useState } from 'react'
import { Controller, useForm } from 'react-hook-form'
import { zodResolver } from '@hookform/resolvers/zod'
import { z } from 'zod'
import * as Dialog from '@radix-ui/react-dialog'
import * as Select from '@radix-ui/react-select'
import * as Popover from '@radix-ui/react-popover'
import * as Accordion from '@radix-ui/react-accordion'
import { DayPicker } from 'react-day-picker'
import 'react-day-picker/style.css'
import { AnimatePresence, motion } from 'framer-motion'
import { Calendar, Check, ChevronDown, Plus, Trash2, X } from 'lucide-react'
import { toast } from 'sonner'
import { useTaskStore, type Priority } from '../store/useTaskStore.ts'
import { cn, formatDay, isOverdue } from '../lib/utils.ts'
import { Badge, Button, Card, Checkbox, Input, Label } from '../components/ui.tsx'

const taskSchema = z.object({
  title: z.string().trim().min(3, 'Give the task a title of at least 3 characters').max(80),
  description: z.string().max(500).optional().default(''),
  priority: z.enum(['low', 'medium', 'high']),
  due: z.date({ error: 'Pick a due date' }),
})

type TaskInput = z.input<typeof taskSchema>
type TaskValues = z.output<typeof taskSchema>

const priorityTone: Record<Priority, 'neutral' | 'warn' | 'bad'> = { low: 'neutral', medium: 'warn', high: 'bad' }

function NewTaskDialog() {
  const [open, setOpen] = useState(false)
  const addTask = useTaskStore((state) => state.addTask)
  const form = useForm<TaskInput, unknown, TaskValues>({
    resolver: zodResolver(taskSchema),
    defaultValues: { title: '', description: '', priority: 'medium' },
  })

  const onSubmit = form.handleSubmit((values) => {
    addTask({ ...values, due: values.due.toISOString() })
    toast.success(`Added “${values.title}”`)
    form.reset()
    setOpen(false)
  })

  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger asChild>
        <Button><Plus size={16} /> New task</Button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog-content">
          <Dialog.Title>New task</Dialog.Title>
          <Dialog.Description className="muted">Tasks are stored in this browser.</Dialog.Description>
          <form onSubmit={onSubmit} className="form">
            <div className="field">
              <Label htmlFor="title">Title</Label>
              <Input id="title" {...form.register('title')} />
              {form.formState.errors.title && <p className="error">{form.formState.errors.title.message}</p>}
            </div>
            <div className="field">
              <Label htmlFor="description">Description</Label>
              <textarea id="description" className="input" rows={3} {...form.register('description')} />
            </div>
            <div className="field">
              <Label>Priority</Label>
              <Controller
                control={form.control}
                name="priority"
                render={({ field }) => (
                  <Select.Root value={field.value} onValueChange={field.onChange}>
                    <Select.Trigger className="select-trigger" aria-label="Priority">
                      <Select.Value />
                      <Select.Icon><ChevronDown size={14} /></Select.Icon>
                    </Select.Trigger>
                    <Select.Portal>
                      <Select.Content className="select-content" position="popper">
                        <Select.Viewport>
                          {(['low', 'medium', 'high'] as const).map((priority) => (
                            <Select.Item key={priority} value={priority} className="select-item">
                              <Select.ItemText>{priority}</Select.ItemText>
                              <Select.ItemIndicator><Check size={12} /></Select.ItemIndicator>
                            </Select.Item>
                          ))}
                        </Select.Viewport>
                      </Select.Content>
                    </Select.Portal>
                  </Select.Root>
                )}
              />
            </div>
            <div className="field">
              <Label>Due</Label>
              <Controller
                control={form.control}
                name="due"
                render={({ field }) => (
                  <Popover.Root>
                    <Popover.Trigger asChild>
                      <Button variant="outline" type="button">
                        <Calendar size={14} /> {field.value ? formatDay(field.value) : 'Pick a date'}
                      </Button>
                    </Popover.Trigger>
                    <Popover.Portal>
                      <Popover.Content className="popover" sideOffset={6}>
                        <DayPicker mode="single" selected={field.value} onSelect={field.onChange} />
                      </Popover.Content>
                    </Popover.Portal>
                  </Popover.Root>
                )}
              />
              {form.formState.errors.due && <p className="error">{form.formState.errors.due.message}</p>}
            </div>
            <div className="form-actions">
              <Dialog.Close asChild><Button variant="outline" type="button">Cancel</Button></Dialog.Close>
              <Button type="submit" disabled={form.formState.isSubmitting}>Save</Button>
            </div>
          </form>
          <Dialog.Close className="dialog-close" aria-label="Close"><X size={16} /></Dialog.Close>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  )
}

export default function Tasks() {
  const { tasks, filter, setFilter, toggleTask, removeTask } = useTaskStore()
  const visible = tasks.filter((task) => filter === 'all' || (filter === 'done') === task.done)
  const done = tasks.filter((task) => task.done).length

  return (
    <div className="page">
      <div className="page-head">
        <h1>Tasks</h1>
        <NewTaskDialog />
      </div>
      <div className="filters">
        {(['all', 'open', 'done'] as const).map((value) => (
          <Button key={value} size="sm" variant={filter === value ? 'default' : 'outline'} onClick={() => setFilter(value)}>
            {value}
          </Button>
        ))}
        <span className="muted">{done} of {tasks.length} done</span>
      </div>
      <Card>
        <ul className="task-list">
          <AnimatePresence initial={false}>
            {visible.map((task) => (
              <motion.li key={task.id} layout initial={{ opacity: 0, height: 0 }} animate={{ opacity: 1, height: 'auto' }} exit={{ opacity: 0, height: 0 }}>
                <Checkbox checked={task.done} onCheckedChange={() => toggleTask(task.id)} aria-label={`Mark ${task.title} done`} />
                <div className={cn('task-body', task.done && 'line-through muted')}>
                  <div>{task.title}</div>
                  <div className={cn('muted', !task.done && isOverdue(new Date(task.due)) && 'error')}>due {formatDay(new Date(task.due))}</div>
                </div>
                <Badge tone={priorityTone[task.priority]}>{task.priority}</Badge>
                <Button variant="ghost" size="icon" aria-label="Delete" onClick={() => { removeTask(task.id); toast('Task deleted') }}>
                  <Trash2 size={14} />
                </Button>
              </motion.li>
            ))}
          </AnimatePresence>
        </ul>
      </Card>
      <Accordion.Root type="single" collapsible className="accordion">
        <Accordion.Item value="tips">
          <Accordion.Header>
            <Accordion.Trigger className="accordion-trigger">Tips <ChevronDown size={14} /></Accordion.Trigger>
          </Accordion.Header>
          <Accordion.Content className="accordion-content">Press Ctrl K anywhere to jump between pages.</Accordion.Content>
        </Accordion.Item>
        <Accordion.Item value="storage">
          <Accordion.Header>
            <Accordion.Trigger className="accordion-trigger">Where are tasks kept? <ChevronDown size={14} /></Accordion.Trigger>
          </Accordion.Header>
          <Accordion.Content className="accordion-content">In this browser's local storage, through zustand's persist middleware.</Accordion.Content>
        </Accordion.Item>
      </Accordion.Root>
    </div>
  )
}
