/**
 * Word lists for generated personal data: names, message lines, notes, events and websites.
 * Fictional people; phone numbers use the reserved 555-01xx range.
 */
import type { Rng } from './random.ts';

/** Given names. */
export const FIRST_NAMES = [
  'Liam', 'Olivia', 'Noah', 'Emma', 'Mateo', 'Sofia', 'Lucas', 'Mia', 'Ethan', 'Ava', 'Amir', 'Leila', 'Hiro', 'Yuki',
  'Chen', 'Mei', 'Arjun', 'Priya', 'Jonas', 'Lena', 'Kofi', 'Ama', 'Diego', 'Valentina', 'Oscar', 'Ingrid', 'Finn',
  'Freya', 'Tomás', 'Lucía', 'Samuel', 'Grace', 'Daniel', 'Chloé', 'Julien', 'Camille', 'Marco', 'Giulia', 'Pavel',
  'Anya', 'Omar', 'Yasmin', 'Ben', 'Hannah', 'Max', 'Nora', 'Leo', 'Zoe', 'Isaac', 'Ruby',
];

/** Family names. */
export const LAST_NAMES = [
  'Smith', 'García', 'Müller', 'Rossi', 'Kim', 'Nguyen', 'Patel', 'Okafor', 'Silva', 'Cohen', 'Larsen', 'Novak', 'Dubois',
  'Tanaka', 'Wang', 'Hernández', 'Brown', 'Schmidt', 'Jensen', 'Kowalski', 'Ahmed', 'Ivanova', 'Costa', 'Moreau', "O'Brien",
  'Fischer', 'Lopez', 'Sato', 'Chen', 'Walker', 'Rahman', 'Haddad', 'Bauer', 'Mendes', 'Lindqvist',
];

/** Employers for contact cards. */
export const COMPANIES = ['Acme Corp', 'Globex', 'Initech', 'Umbrella Health', 'Stark Industries', 'Wayne Foundation', 'Hooli', 'Vandelay Imports', 'Pied Piper', 'Soylent Foods'];

/** Job titles for contact cards. */
export const JOB_TITLES = ['Engineer', 'Designer', 'Product Manager', 'Nurse', 'Teacher', 'Architect', 'Accountant', 'Chef', 'Photographer', 'Lawyer'];

/** Lines people send each other. */
export const MESSAGE_LINES = [
  'Are you still up for dinner tonight?', 'Running 10 min late, sorry!', 'Just landed ✈️', 'Can you grab milk on the way home?',
  'Happy birthday!! 🎉', 'Did you see the game last night?', 'Call me when you get a chance', 'Sounds good 👍', 'On my way',
  'What time does it start?', 'I left the keys under the mat', 'Thanks so much for today', 'Haha that is hilarious 😂',
  'Meeting moved to 3pm', 'Can we reschedule to Thursday?', 'Love you ❤️', 'Where did you park?', 'Photos from the weekend!',
  'See you at the station', 'Did the package arrive?', 'Let me check and get back to you', 'Perfect, thank you!',
  'Are we still on for Saturday?', 'I booked the table for 7:30', 'Good luck with the interview!', 'The kids loved it',
  'Can you send me the address?', 'Traffic is terrible on 101', 'Just finished my run 🏃‍♀️', 'Movie night at ours on Friday?',
  'Your code is 482913. Do not share it.', 'Heading out now', 'Ok!', 'Lol', 'Yes please', 'No worries at all', 'Miss you!',
];

/** Apple Notes. */
export const NOTES = [
  ['Groceries', 'Oat milk\nEggs\nSourdough\nSpinach\nCoffee beans\nLemons'],
  ['Packing list – Lisbon', 'Passport\nAdapters\nSunscreen\nCamera + charger\nWalking shoes'],
  ['Book recommendations', 'Project Hail Mary\nKlara and the Sun\nThe Overstory\nPiranesi'],
  ['Gift ideas', 'Mom: pottery class\nBen: running watch\nLeila: vinyl record'],
  ['Recipe: shakshuka', '2 tbsp olive oil, 1 onion, 1 red pepper, 3 garlic cloves, 1 tsp cumin, 1 tsp paprika, 800 g tomatoes, 6 eggs, feta, parsley.'],
  ['Wi-Fi at the cabin', 'Network: Lakeside\nAsk Pavel for the password'],
  ['Meeting notes 12/3', 'Q3 roadmap review\n- ship onboarding v2\n- hire 2 designers\n- revisit pricing'],
  ['Movies to watch', 'Past Lives\nDune Part Two\nPerfect Days\nAnatomy of a Fall'],
  ['Apartment checklist', 'Check water pressure\nAsk about parking\nPet policy\nLaundry in unit?'],
  ['Workout plan', 'Mon: 5k easy\nWed: intervals 6x400\nFri: strength\nSun: long run 12k'],
  ['Car service', 'Oil change at 45,000 mi\nTire rotation\nWiper blades'],
  ['Ideas', 'Photo book of the Japan trip\nLearn to make pasta from scratch\nVolunteer at the shelter'],
  ['Garden', 'Tomatoes: water every morning\nBasil: pinch flowers\nPlant garlic in October'],
  ['Passwords are not here', 'Use the password manager!'],
];

/** Calendar event titles. */
export const EVENT_TITLES = [
  'Dentist', 'Team standup', 'Lunch with Mei', 'Yoga', 'Flight to Lisbon', 'Parent-teacher conference', 'Haircut',
  'Book club', 'Quarterly review', '1:1 with manager', 'Soccer practice', 'Dinner at Nopa', 'Car service', 'Vet appointment',
  'Concert: Bon Iver', 'Farmers market', 'Call with landlord', 'Birthday party', 'Design review', 'Coffee with Jonas',
];

/** Places for calendar events. */
export const PLACES = ['Blue Bottle Coffee, Mint Plaza', 'Golden Gate Park', 'SFO Terminal 2', 'Zoom', 'Conference Room 4B', 'Nopa, 560 Divisadero St', 'Ferry Building'];

/** Websites for Safari history and bookmarks: [url, title]. */
export const WEBSITES: Array<[string, string]> = [
  ['https://www.apple.com/', 'Apple'], ['https://www.nytimes.com/', 'The New York Times'], ['https://en.wikipedia.org/wiki/Lisbon', 'Lisbon - Wikipedia'],
  ['https://www.google.com/search?q=weather+san+francisco', 'weather san francisco - Google Search'], ['https://www.bbc.com/news', 'BBC News'],
  ['https://github.com/', 'GitHub'], ['https://www.youtube.com/', 'YouTube'], ['https://www.reddit.com/r/running/', 'r/running'],
  ['https://www.airbnb.com/rooms/48213', 'Cozy loft in Alfama'], ['https://www.seriouseats.com/shakshuka-recipe', 'Shakshuka Recipe'],
  ['https://maps.apple.com/?q=Ferry+Building', 'Ferry Building – Apple Maps'], ['https://www.amazon.com/gp/cart/view.html', 'Amazon.com Shopping Cart'],
  ['https://www.theguardian.com/international', 'The Guardian'], ['https://developer.apple.com/documentation/', 'Apple Developer Documentation'],
  ['https://www.strava.com/dashboard', 'Dashboard | Strava'], ['https://www.imdb.com/title/tt15239678/', 'Dune: Part Two (2024) - IMDb'],
  ['https://www.booking.com/', 'Booking.com'], ['https://news.ycombinator.com/', 'Hacker News'], ['https://www.nps.gov/yose/', 'Yosemite National Park'],
  ['https://www.duolingo.com/learn', 'Duolingo'],
];

/** A fictional North American number in the reserved 555-01xx range, E.164. */
export function phoneNumber(rng: Rng): string {
  return `+1${rng.pick(['415', '510', '650', '206', '312', '646'])}5550${rng.int(100, 199)}`;
}

/** A plausible email for a person. */
export function emailFor(first: string, last: string, rng: Rng): string {
  const clean = (s: string): string => s.normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase();
  return `${clean(first)}.${clean(last)}@${rng.pick(['gmail.com', 'icloud.com', 'outlook.com', 'yahoo.com', 'proton.me'])}`;
}
