/**
 * Local time in the portal's IANA time zone (REKEY_TIME_ZONE) without a date library: the zone's
 * offset at an instant comes from Intl, which knows every daylight-saving rule.
 */

/** Local hours; the end is exclusive. A start after the end wraps midnight; 0 to 24 is all day. */
export interface SendWindow {
  startHour: number;
  endHour: number;
}

const hourInMilliseconds = 3_600_000;
const dayInMilliseconds = 24 * hourInMilliseconds;
const formatters = new Map<string, Intl.DateTimeFormat>();
// Offsets change only at transitions, which fall on quarter hours: cache per quarter hour.
const quarterInMilliseconds = 15 * 60_000;
const offsets = new Map<string, number>();

/** How far local time in `timeZone` is ahead of UTC at `instant`, in milliseconds. */
export function zoneOffsetInMilliseconds(instant: number, timeZone: string): number {
  const key = `${timeZone} ${Math.floor(instant / quarterInMilliseconds)}`;
  const cached = offsets.get(key);
  if (cached !== undefined) return cached;
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, formatter);
  }
  const part: Record<string, number> = {};
  for (const { type, value } of formatter.formatToParts(instant)) part[type] = Number(value);
  const localAsUtc = Date.UTC(
    part.year ?? 1970,
    (part.month ?? 1) - 1,
    part.day ?? 1,
    part.hour ?? 0,
    part.minute ?? 0,
    part.second ?? 0,
  );
  const offset = localAsUtc - (instant - (((instant % 1000) + 1000) % 1000));
  if (offsets.size > 50_000) offsets.clear();
  offsets.set(key, offset);
  return offset;
}

function localHourOf(instant: number, timeZone: string): number {
  return new Date(instant + zoneOffsetInMilliseconds(instant, timeZone)).getUTCHours();
}

function isHourInWindow(hour: number, window: SendWindow): boolean {
  return window.startHour < window.endHour
    ? hour >= window.startHour && hour < window.endHour
    : hour >= window.startHour || hour < window.endHour;
}

export function isInSendWindow(instant: Date, window: SendWindow, timeZone: string): boolean {
  return isHourInWindow(localHourOf(instant.getTime(), timeZone), window);
}

/** The instant itself when it falls inside the window, else the next opening of the window. */
export function nextTimeInSendWindow(instant: Date, window: SendWindow, timeZone: string): Date {
  if (window.startHour === window.endHour) throw new TypeError("an empty send window");
  const time = instant.getTime();
  if (isHourInWindow(localHourOf(time, timeZone), window)) return instant;
  const offset = zoneOffsetInMilliseconds(time, timeZone);
  const local = time + offset;
  let openingLocal = Math.floor(local / dayInMilliseconds) * dayInMilliseconds;
  openingLocal += window.startHour * hourInMilliseconds;
  if (openingLocal <= local) openingLocal += dayInMilliseconds;
  let opening = openingLocal - offset;
  opening = openingLocal - zoneOffsetInMilliseconds(opening, timeZone);
  // A daylight-saving jump can skip the opening hour: step on to the first hour inside.
  while (opening <= time || !isHourInWindow(localHourOf(opening, timeZone), window)) {
    opening = (Math.floor(opening / hourInMilliseconds) + 1) * hourInMilliseconds;
  }
  return new Date(opening);
}

/** Local midnight at the start of the day that contains `instant`. */
export function startOfLocalDay(instant: Date, timeZone: string): Date {
  const time = instant.getTime();
  const offset = zoneOffsetInMilliseconds(time, timeZone);
  const midnightLocal = Math.floor((time + offset) / dayInMilliseconds) * dayInMilliseconds;
  const guess = midnightLocal - offset;
  return new Date(midnightLocal - zoneOffsetInMilliseconds(guess, timeZone));
}

/** The local midnights that start `days` consecutive days, and the one that ends the last. */
export function localDayBoundaries(from: Date, days: number, timeZone: string): Date[] {
  const boundaries = [startOfLocalDay(from, timeZone)];
  for (let day = 0; day < days; day++) {
    const previous = boundaries[day] as Date;
    // 26 hours reach into the next day even when it is 23 or 25 hours long (daylight saving).
    boundaries.push(
      startOfLocalDay(new Date(previous.getTime() + 26 * hourInMilliseconds), timeZone),
    );
  }
  return boundaries;
}
