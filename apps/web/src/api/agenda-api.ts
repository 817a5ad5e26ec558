import type { Calendar, CalendarEvent, CalendarInput, CalendarList, EventInput, IcalFeed, IcsImportResult, OccurrenceList } from '@preau/contracts';
import { api, upload } from './client.ts';
import { withQuery } from './query-string.ts';

/** The agenda routes of the API. */
export const agendaApi = {
  calendars: () => api.get<CalendarList>('/agenda/calendars'),
  createCalendar: (input: CalendarInput) => api.post<Calendar>('/agenda/calendars', input),
  occurrences: (from: string, to: string) => api.get<OccurrenceList>(withQuery('/agenda/occurrences', { from, to })),
  event: (id: string) => api.get<CalendarEvent>(`/agenda/events/${id}`),
  createEvent: (calendarId: string, input: EventInput) => api.post<CalendarEvent>(`/agenda/calendars/${calendarId}/events`, input),
  updateEvent: (id: string, input: EventInput) => api.put<CalendarEvent>(`/agenda/events/${id}`, input),
  deleteEvent: (id: string) => api.delete<void>(`/agenda/events/${id}`),
  importIcs: (calendarId: string, file: File) => upload<IcsImportResult>(`/agenda/calendars/${calendarId}/import`, file),
  exportUrl: (calendarId: string) => `/api/v1/agenda/calendars/${calendarId}/export.ics`,
  feed: (calendarId: string) => api.get<IcalFeed>(`/agenda/calendars/${calendarId}/feed`),
  createFeed: (calendarId: string) => api.post<IcalFeed>(`/agenda/calendars/${calendarId}/feed`),
  revokeFeed: (calendarId: string) => api.delete<void>(`/agenda/calendars/${calendarId}/feed`),
};

export const agendaKeys = {
  all: ['agenda'] as const,
  calendars: ['agenda', 'calendars'] as const,
  occurrences: (from: string, to: string) => ['agenda', 'occurrences', from, to] as const,
  feed: (calendarId: string) => ['agenda', 'feed', calendarId] as const,
};
