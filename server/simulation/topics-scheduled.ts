// SIMULATED: the topics the world brings in later (schedule.ts): the SSO launch, which the production model has
// never seen, and the failure modes of a policy change and a degraded service. Nobody asks about them before their
// event; the production model answers them badly — the failure patterns the loop should find.
import type { Topic } from "./topics";

export const SCHEDULED: Topic[] = [
  // The emerging topic: a feature launched partway through the simulated history; the production model has never
  // seen it, so its quality is poor — the failure pattern the loop should find.
  {
    key: "sso_setup",
    label: "SSO setup",
    slots: { idp: ["Okta", "Azure AD", "Google Workspace"] },
    intents: [
      {
        paraphrases: [
          "How do I set up SSO with {idp}?",
          "We want single sign-on through {idp}, how do we configure it?",
          "What are the steps to enable {idp} SSO for our team?",
        ],
        good: [
          "SSO is on the Business plan: open Settings → Security → Single sign-on, choose {idp}, paste the SAML metadata URL from {idp}, and test with one account before enforcing SSO for everyone.",
        ],
      },
      {
        paraphrases: [
          "SSO login with {idp} fails with an invalid audience error",
          "Users get 'invalid audience' when signing in via {idp}",
          "{idp} single sign-on says the audience is invalid",
        ],
        good: [
          '"Invalid audience" means the Entity ID in {idp} does not match ours. Copy the Entity ID shown under Settings → Security → Single sign-on into the {idp} app\'s Audience URI field exactly, including the trailing slash.',
        ],
      },
    ],
    bad: {
      incorrect: [
        "SSO is not available; everyone must use passwords.",
        "Ask {idp} support to turn on SSO for our product.",
      ],
      incomplete: ["SSO can be set up in the security settings.", "Check your {idp} configuration."],
    },
  },
  // Failure modes the living world schedules (schedule.ts): questions nobody asked before they happen, which the
  // production model answers from its outdated knowledge.
  // A policy change: the refund window for annual plans became 14 days and refunds now go to account credit.
  {
    key: "refund_policy",
    label: "Annual plan refunds (new policy)",
    slots: { plan: ["annual Pro", "annual Team", "annual Business"], days: ["10", "12", "20", "25"] },
    intents: [
      {
        paraphrases: [
          "Under the new refund policy, can I still cancel my {plan} plan after {days} days?",
          "The refund rules for the {plan} plan changed, what do I get if I cancel after {days} days?",
          "Since the policy change, is a {plan} subscription refundable {days} days in?",
        ],
        good: [
          "Since the policy change, {plan} plans are refundable within 14 days of purchase. After {days} days you can cancel at the end of the term, and the unused months are returned as account credit, not to the card.",
        ],
      },
    ],
    bad: {
      incorrect: [
        "Yes, every plan can be refunded to your card within 30 days, so after {days} days you get your money back.",
        "Annual plans are never refundable.",
      ],
      incomplete: ["Refund rules depend on your plan.", "Please read our refund policy."],
    },
  },
  // A degradation: the export service was rebuilt and large exports now need the new "split by month" option.
  {
    key: "export_timeouts",
    label: "Export timeouts",
    slots: { format: ["CSV", "JSON", "Excel"], size: ["2 GB", "5 GB", "800 MB"] },
    intents: [
      {
        paraphrases: [
          "My {format} export of {size} keeps timing out since the update",
          "Since the export update, a {format} export of {size} fails with a timeout",
          "Why does exporting {size} as {format} time out now?",
        ],
        good: [
          'Since the export update, exports above 500 MB must be split: in Settings → Data → Export tick "Split by month" before starting the {format} export. Each month of your {size} arrives as its own file, usually within minutes.',
        ],
      },
    ],
    bad: {
      incorrect: [
        "Exports cannot be larger than 100 MB; delete old data first.",
        "Try again later, it is a temporary outage.",
      ],
      incomplete: ["Large exports can take a while.", "Check your internet connection."],
    },
  },
  // Later in the afternoon (schedule.ts), the same three kinds again.
  // A launch: offline mode in the mobile apps.
  {
    key: "mobile_offline",
    label: "Mobile offline mode",
    slots: { platform: ["iOS", "Android"] },
    intents: [
      {
        paraphrases: [
          "How do I turn on offline mode in the {platform} app?",
          "Can I use the {platform} app without a connection now?",
          "Where is the new offline mode setting on {platform}?",
        ],
        good: [
          "Offline mode is in the {platform} app under Profile → Offline access: switch it on while you are online and the app keeps your last 30 days of tickets on the device. Changes you make offline sync when the connection is back.",
        ],
      },
    ],
    bad: {
      incorrect: [
        "The {platform} app needs a connection at all times; there is no offline mode.",
        "Offline mode is only available in the desktop app.",
      ],
      incomplete: ["Offline mode can be enabled in the app.", "Make sure your {platform} app is up to date."],
    },
  },
  // A policy change: from next month every admin must use two-factor authentication.
  {
    key: "admin_2fa",
    label: "Mandatory 2FA for admins",
    slots: { method: ["an authenticator app", "a security key", "SMS codes"] },
    intents: [
      {
        paraphrases: [
          "Is two-factor authentication now mandatory for admins, and can I use {method}?",
          "Our admins got a notice that 2FA is required, does {method} count?",
          "Since the new security rule, do admins have to enable two-factor with {method}?",
        ],
        good: [
          "Yes: since the security update every admin must have two-factor authentication before their next sign-in. Authenticator apps and security keys count; SMS codes do not. Set it up under Profile → Security → Two-factor.",
        ],
      },
    ],
    bad: {
      incorrect: ["Two-factor authentication is optional for everyone.", "Only SMS codes are accepted for 2FA."],
      incomplete: ["Security settings are under your profile.", "Contact your admin about 2FA."],
    },
  },
  // A degradation: webhook deliveries lag since the event queue was migrated.
  {
    key: "webhook_delays",
    label: "Delayed webhooks",
    slots: {
      event: ["ticket.created", "invoice.paid", "user.invited"],
      delay: ["ten minutes", "an hour", "half an hour"],
    },
    intents: [
      {
        paraphrases: [
          "Our {event} webhooks arrive {delay} late since the migration",
          "Why are {event} webhook deliveries delayed by {delay}?",
          "Webhooks for {event} now come {delay} after the event, is something wrong?",
        ],
        good: [
          "Since the event-queue migration, webhooks of endpoints that answer slower than 5 seconds are retried in a slow lane, which delays {event} by up to {delay}. Answer with 200 right away and process the event afterwards; deliveries go back to the fast lane within an hour.",
        ],
      },
    ],
    bad: {
      incorrect: ["Webhooks are delivered once a day in a batch.", "Delete and recreate the webhook to fix delays."],
      incomplete: ["Webhooks can be delayed sometimes.", "Check your endpoint's logs."],
    },
  },
  // A launch: EU data residency.
  {
    key: "eu_residency",
    label: "EU data residency",
    slots: { region: ["Frankfurt", "Dublin"] },
    intents: [
      {
        paraphrases: [
          "Can we keep our data in the EU, in {region}?",
          "How do we move our account to the new {region} data region?",
          "Is EU data residency in {region} available for us?",
        ],
        good: [
          "EU data residency is available on the Business plan: an owner requests the move under Settings → Compliance → Data region, chooses {region}, and the migration runs over a weekend with a read-only hour at the end.",
        ],
      },
    ],
    bad: {
      incorrect: ["All data is stored in the United States only.", "EU residency requires a new account."],
      incomplete: ["We take data protection seriously.", "Data regions depend on your plan."],
    },
  },
  // A policy change: new prices for the Team plan.
  {
    key: "team_pricing",
    label: "Team plan price change",
    slots: { seats: ["5", "12", "40"] },
    intents: [
      {
        paraphrases: [
          "What will the new Team plan price be for {seats} seats?",
          "The Team plan price is changing, how much do {seats} seats cost now?",
          "With the new pricing, what do we pay for {seats} Team seats?",
        ],
        good: [
          "From the first renewal after the change the Team plan is $14 per seat a month billed yearly ($17 monthly), so {seats} seats cost {seats} × $14 a month. Your current price holds until that renewal.",
        ],
      },
    ],
    bad: {
      incorrect: ["The Team plan costs $10 per seat, as always.", "Prices only change for new customers."],
      incomplete: ["Pricing is on our website.", "The price depends on your seats."],
    },
  },
  // A degradation: search results lag since the search index was rebuilt.
  {
    key: "search_lag",
    label: "Search lag",
    slots: { item: ["tickets", "articles", "contacts"], delay: ["an hour", "a few hours", "half a day"] },
    intents: [
      {
        paraphrases: [
          "New {item} take {delay} to show up in search",
          "Search does not find {item} created in the last {delay}",
          "Why is search missing our newest {item} for {delay}?",
        ],
        good: [
          "Since the search index was rebuilt, new {item} are indexed in a background pass that can lag by {delay} on large accounts. Use Filters → Created today to find them meanwhile; the lag is gone once the rebuild finishes.",
        ],
      },
    ],
    bad: {
      incorrect: ["Search only covers items older than a week.", "Delete your browser cache to fix search."],
      incomplete: ["Search can be slow at times.", "Try a different search term."],
    },
  },
];
