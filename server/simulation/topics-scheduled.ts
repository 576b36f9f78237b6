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
];
