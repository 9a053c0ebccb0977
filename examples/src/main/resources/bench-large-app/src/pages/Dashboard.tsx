import { useMemo, useState } from 'react'
import { useQuery } from '@tanstack/react-query'
import * as Tabs from '@radix-ui/react-tabs'
import { Group, Panel, Separator as PanelSeparator } from 'react-resizable-panels'
import useEmblaCarousel from 'embla-carousel-react'
import { motion } from 'framer-motion'
import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  Pie,
  PieChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts'
import { Activity, ChevronLeft, ChevronRight, DollarSign, TrendingUp, Users } from 'lucide-react'
import { fetchMetrics, fetchTeam } from '../lib/api.ts'
import { currency, formatDay, relative } from '../lib/utils.ts'
import { Avatar, Badge, Button, Card, CardTitle, Progress } from '../components/ui.tsx'

const ranges = { '7d': 7, '30d': 30, '90d': 90 } as const
type Range = keyof typeof ranges

function Stat({ label, value, icon: Icon, delta }: { label: string; value: string; icon: typeof Activity; delta: number }) {
  return (
    <motion.div whileHover={{ scale: 1.02 }} className="stat">
      <Card>
        <div className="stat-head"><span>{label}</span><Icon size={16} /></div>
        <div className="stat-value">{value}</div>
        <Badge tone={delta >= 0 ? 'good' : 'bad'}>{delta >= 0 ? '+' : ''}{delta.toFixed(1)}%</Badge>
      </Card>
    </motion.div>
  )
}

function Highlights() {
  const [emblaRef, emblaApi] = useEmblaCarousel({ loop: true, align: 'start' })
  const slides = ['Quarterly goals on track', 'Two new enterprise customers', 'Support backlog cleared', 'Release 2.4 shipped']
  return (
    <Card className="carousel">
      <div className="carousel-head">
        <CardTitle>Highlights</CardTitle>
        <div>
          <Button variant="ghost" size="icon" onClick={() => emblaApi?.scrollPrev()} aria-label="Previous"><ChevronLeft size={16} /></Button>
          <Button variant="ghost" size="icon" onClick={() => emblaApi?.scrollNext()} aria-label="Next"><ChevronRight size={16} /></Button>
        </div>
      </div>
      <div className="embla" ref={emblaRef}>
        <div className="embla-container">
          {slides.map((slide) => <div className="embla-slide" key={slide}>{slide}</div>)}
        </div>
      </div>
    </Card>
  )
}

export default function Dashboard() {
  const [range, setRange] = useState<Range>('30d')
  const metrics = useQuery({ queryKey: ['metrics', range], queryFn: () => fetchMetrics(ranges[range]) })
  const team = useQuery({ queryKey: ['team'], queryFn: fetchTeam })

  const totals = useMemo(() => {
    const data = metrics.data ?? []
    const revenue = data.reduce((sum, m) => sum + m.revenue, 0)
    const users = data.at(-1)?.users ?? 0
    const churn = data.length ? data.reduce((sum, m) => sum + m.churn, 0) / data.length : 0
    return { revenue, users, churn }
  }, [metrics.data])

  const roles = useMemo(() => {
    const counts = new Map<string, number>()
    for (const member of team.data ?? []) counts.set(member.role, (counts.get(member.role) ?? 0) + 1)
    return [...counts].map(([name, value]) => ({ name, value }))
  }, [team.data])

  return (
    <div className="page">
      <div className="page-head">
        <h1>Dashboard</h1>
        <span className="muted">{formatDay(new Date())}</span>
      </div>
      <div className="stats">
        <Stat label="Revenue" value={currency(totals.revenue)} icon={DollarSign} delta={12.4} />
        <Stat label="Active users" value={String(totals.users)} icon={Users} delta={4.1} />
        <Stat label="Avg. churn" value={`${totals.churn.toFixed(1)}%`} icon={TrendingUp} delta={-1.3} />
        <Stat label="Uptime" value="99.98%" icon={Activity} delta={0.02} />
      </div>

      <Tabs.Root value={range} onValueChange={(value) => setRange(value as Range)} className="tabs">
        <Tabs.List className="tabs-list" aria-label="Time range">
          {Object.keys(ranges).map((key) => <Tabs.Trigger key={key} value={key} className="tabs-trigger">{key}</Tabs.Trigger>)}
        </Tabs.List>
        {Object.keys(ranges).map((key) => (
          <Tabs.Content key={key} value={key} className="tabs-content">
            {metrics.isPending ? <p className="muted">Loading…</p> : (
              <Group orientation="horizontal" className="panels">
                <Panel defaultSize={60} minSize={30}>
                  <Card>
                    <CardTitle>Revenue</CardTitle>
                    <ResponsiveContainer width="100%" height={260}>
                      <AreaChart data={metrics.data}>
                        <CartesianGrid strokeDasharray="3 3" />
                        <XAxis dataKey="day" />
                        <YAxis />
                        <Tooltip formatter={(value) => currency(Number(value))} />
                        <Area type="monotone" dataKey="revenue" stroke="#6366f1" fill="#c7d2fe" />
                      </AreaChart>
                    </ResponsiveContainer>
                  </Card>
                </Panel>
                <PanelSeparator className="panel-separator" />
                <Panel minSize={25}>
                  <Card>
                    <CardTitle>Users and churn</CardTitle>
                    <ResponsiveContainer width="100%" height={260}>
                      <LineChart data={metrics.data}>
                        <XAxis dataKey="day" hide />
                        <YAxis yAxisId="left" />
                        <YAxis yAxisId="right" orientation="right" />
                        <Legend />
                        <Line yAxisId="left" dataKey="users" stroke="#10b981" dot={false} />
                        <Line yAxisId="right" dataKey="churn" stroke="#ef4444" dot={false} />
                      </LineChart>
                    </ResponsiveContainer>
                  </Card>
                </Panel>
              </Group>
            )}
          </Tabs.Content>
        ))}
      </Tabs.Root>

      <div className="grid-2">
        <Card>
          <CardTitle>Team</CardTitle>
          <ul className="team">
            {(team.data ?? []).map((member) => (
              <li key={member.id}>
                <Avatar name={member.name} />
                <div>
                  <div>{member.name}</div>
                  <div className="muted">joined {relative(member.joined)}</div>
                </div>
                <Badge>{member.role}</Badge>
              </li>
            ))}
          </ul>
        </Card>
        <Card>
          <CardTitle>Roles</CardTitle>
          <ResponsiveContainer width="100%" height={200}>
            <PieChart>
              <Pie data={roles} dataKey="value" nameKey="name" outerRadius={80} fill="#8b5cf6" label />
              <Tooltip />
            </PieChart>
          </ResponsiveContainer>
          <ResponsiveContainer width="100%" height={120}>
            <BarChart data={roles}>
              <XAxis dataKey="name" />
              <Bar dataKey="value" fill="#f59e0b" />
            </BarChart>
          </ResponsiveContainer>
        </Card>
      </div>

      <div className="grid-2">
        <Highlights />
        <Card>
          <CardTitle>Quarter goal</CardTitle>
          <p className="muted">Revenue target {currency(450_000)}</p>
          <Progress value={Math.min(100, Math.round((totals.revenue / 450_000) * 100 * 3))} />
        </Card>
      </div>
    </div>
  )
}
