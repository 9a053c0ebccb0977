import { addDays, subDays } from 'date-fns'
import { z } from 'zod'

export const metricSchema = z.object({
  day: z.string(),
  revenue: z.number().nonnegative(),
  users: z.number().int().nonnegative(),
  churn: z.number().min(0).max(100),
})

export type Metric = z.infer<typeof metricSchema>

export const teamMemberSchema = z.object({
  id: z.string(),
  name: z.string().min(1),
  role: z.enum(['owner', 'admin', 'member']),
  joined: z.coerce.date(),
})

export type TeamMember = z.infer<typeof teamMemberSchema>

function delay(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

export async function fetchMetrics(days: number): Promise<Metric[]> {
  await delay(150)
  const today = new Date()
  const raw = Array.from({ length: days }, (_, i) => ({
    day: subDays(today, days - i).toISOString().slice(0, 10),
    revenue: Math.round(4000 + Math.sin(i / 3) * 1200 + i * 35),
    users: Math.round(220 + Math.cos(i / 4) * 40 + i * 3),
    churn: Math.abs(Math.round(Math.sin(i) * 8 * 10) / 10),
  }))
  return z.array(metricSchema).parse(raw)
}

export async function fetchTeam(): Promise<TeamMember[]> {
  await delay(100)
  const start = new Date(2024, 0, 15)
  return z.array(teamMemberSchema).parse([
    { id: 'u1', name: 'Ada Lovelace', role: 'owner', joined: start },
    { id: 'u2', name: 'Grace Hopper', role: 'admin', joined: addDays(start, 40) },
    { id: 'u3', name: 'Alan Turing', role: 'member', joined: addDays(start, 95) },
    { id: 'u4', name: 'Katherine Johnson', role: 'member', joined: addDays(start, 180) },
  ])
}
