import { clsx, type ClassValue } from 'clsx'
import { twMerge } from 'tailwind-merge'
import { format, formatDistanceToNow, isBefore, startOfDay } from 'date-fns'

export function cn(...inputs: ClassValue[]) {
  return twMerge(clsx(inputs))
}

export function formatDay(date: Date) {
  return format(date, 'EEE d MMM yyyy')
}

export function relative(date: Date) {
  return formatDistanceToNow(date, { addSuffix: true })
}

export function isOverdue(date: Date) {
  return isBefore(date, startOfDay(new Date()))
}

export function currency(value: number) {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }).format(value)
}
