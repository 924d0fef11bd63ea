/** The business's offer: which locations serve which department, and when each location opens. */
export interface Department {
  id: string;
  title: string;
  locations: readonly string[];
}

export interface Location {
  id: string;
  title: string;
  /** 0 = Sunday … 6 = Saturday. */
  openDays: readonly number[];
  /** "HH:MM", local time. */
  times: readonly string[];
}

export interface Catalogue {
  departments: readonly Department[];
  locations: readonly Location[];
  /** How many days ahead, counting today, bookings are offered. */
  daysAhead: number;
  /** At most this many dates are listed. */
  maxDates: number;
}

const WEEKDAYS = [1, 2, 3, 4, 5];

export const catalogue: Catalogue = {
  departments: [
    { id: 'shopping', title: 'Shopping & Groceries', locations: ['1', '2', '3'] },
    { id: 'clothing', title: 'Clothing & Apparel', locations: ['2', '3', '4'] },
    { id: 'home', title: 'Home Goods & Decor', locations: ['1', '4'] },
    { id: 'electronics', title: 'Electronics & Appliances', locations: ['1', '2', '5'] },
    { id: 'beauty', title: 'Beauty & Personal Care', locations: ['3', '5'] },
  ],
  locations: [
    {
      id: '1',
      title: "King's Cross, London",
      openDays: WEEKDAYS,
      times: ['09:30', '10:30', '11:30', '14:00', '15:00', '16:00'],
    },
    {
      id: '2',
      title: 'Oxford Street, London',
      openDays: [1, 2, 3, 4, 5, 6],
      times: ['10:00', '11:00', '12:00', '13:30', '15:30', '17:00'],
    },
    {
      id: '3',
      title: 'Covent Garden, London',
      openDays: [2, 3, 4, 5, 6],
      times: ['11:00', '12:30', '14:30', '16:30'],
    },
    {
      id: '4',
      title: 'Shoreditch, London',
      openDays: [1, 3, 5],
      times: ['10:00', '12:00', '14:00'],
    },
    {
      id: '5',
      title: 'Camden, London',
      openDays: [0, 4, 5, 6],
      times: ['12:00', '13:00', '15:00', '18:00'],
    },
  ],
  daysAhead: 14,
  maxDates: 7,
};
