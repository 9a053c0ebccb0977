import { create } from 'zustand'
import { persist } from 'zustand/middleware'
import { produce } from 'immer'
import { nanoid } from 'nanoid'

export type Priority = 'low' | 'medium' | 'high'

export interface Task {
  id: string
  title: string
  description: string
  priority: Priority
  due: string
  done: boolean
}

interface TaskState {
  tasks: Task[]
  filter: 'all' | 'open' | 'done'
  addTask: (task: Omit<Task, 'id' | 'done'>) => void
  toggleTask: (id: string) => void
  removeTask: (id: string) => void
  setFilter: (filter: TaskState['filter']) => void
}

const seed: Task[] = [
  { id: nanoid(), title: 'Write release notes', description: 'Summarise the changes of 2.4', priority: 'medium', due: new Date().toISOString(), done: false },
  { id: nanoid(), title: 'Fix login redirect', description: 'Users land on a blank page after SSO', priority: 'high', due: new Date(Date.now() - 86_400_000).toISOString(), done: false },
  { id: nanoid(), title: 'Update dependencies', description: 'Monthly upgrade round', priority: 'low', due: new Date(Date.now() + 5 * 86_400_000).toISOString(), done: true },
]

export const useTaskStore = create<TaskState>()(
  persist(
    (set) => ({
      tasks: seed,
      filter: 'all',
      addTask: (task) =>
        set(produce((state: TaskState) => {
          state.tasks.unshift({ ...task, id: nanoid(), done: false })
        })),
      toggleTask: (id) =>
        set(produce((state: TaskState) => {
          const task = state.tasks.find((t) => t.id === id)
          if (task) task.done = !task.done
        })),
      removeTask: (id) => set((state) => ({ tasks: state.tasks.filter((t) => t.id !== id) })),
      setFilter: (filter) => set({ filter }),
    }),
    { name: 'bench-tasks' },
  ),
)
