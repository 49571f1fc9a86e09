/**
 * Now, read again every minute: enough for ages such as "5 minutes ago".
 */
import { useEffect, useState } from 'react';

/** The current time in milliseconds, re-rendering the component once a minute. */
export function useMinuteClock(): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}
