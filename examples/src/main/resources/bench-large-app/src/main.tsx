import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { BrowserRouter } from 'react-router-dom'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import * as TooltipPrimitive from '@radix-ui/react-tooltip'
import * as ToastPrimitive from '@radix-ui/react-toast'
import { Toaster } from 'sonner'
import App from './App.tsx'
import './index.css'

const queryClient = new QueryClient({
  defaultOptions: { queries: { staleTime: 30_000, retry: 1 } },
})

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <TooltipPrimitive.Provider delayDuration={200}>
        <ToastPrimitive.Provider swipeDirection="right">
          <BrowserRouter>
            <App />
          </BrowserRouter>
          <ToastPrimitive.Viewport className="toast-viewport" />
        </ToastPrimitive.Provider>
      </TooltipPrimitive.Provider>
      <Toaster position="bottom-right" richColors />
    </QueryClientProvider>
  </StrictMode>,
)
