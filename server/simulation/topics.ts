// SIMULATED: the demo world's support topics. Each intent has paraphrases (what simulated users ask, with {slots}),
// good answers (what a helpful model says) and each topic has typical bad answers by failure category. Whether an
// answer is good is known only here — the product sees text, like it would from a real model.

import { SCHEDULED } from "./topics-scheduled";

export const FAILURE_CATEGORIES = ["incorrect", "incomplete", "off_topic"] as const;
export type FailureCategory = (typeof FAILURE_CATEGORIES)[number];

interface Intent {
  paraphrases: string[];
  good: string[];
}

export interface Topic {
  key: string;
  label: string;
  slots: Record<string, string[]>;
  intents: Intent[];
  bad: Record<Exclude<FailureCategory, "off_topic">, string[]>;
}

export const TOPICS: Topic[] = [
  {
    key: "billing",
    label: "Billing",
    slots: { plan: ["Pro", "Team", "Business"], month: ["March", "April", "May", "June"] },
    intents: [
      {
        paraphrases: [
          "Why was I charged twice for my {plan} plan in {month}?",
          "I see two charges for the {plan} subscription this {month}, why?",
          "My card was billed two times for {plan} in {month}. Can you explain?",
        ],
        good: [
          'A second charge in {month} usually means the {plan} plan renewed while an upgrade was being prorated. Open Billing → Invoices: if both invoices show the same period, click "Report duplicate" and the extra charge is refunded within 5 business days.',
        ],
      },
      {
        paraphrases: [
          "How do I download the invoice for {month}?",
          "Where can I find my {month} invoice as a PDF?",
          "I need a copy of the invoice from {month} for accounting",
        ],
        good: [
          "Go to Billing → Invoices, find the {month} invoice and click the PDF icon. Admins can also add an accounting e-mail under Billing → Settings so invoices are sent automatically.",
        ],
      },
    ],
    bad: {
      incorrect: [
        "Charges cannot be duplicated, so the second one is a temporary authorization and will disappear on its own.",
        "Invoices are only available by contacting your bank.",
      ],
      incomplete: ["Please check your billing page.", "This can happen sometimes. Let us know if it continues."],
    },
  },
  {
    key: "password_reset",
    label: "Password reset",
    slots: { device: ["phone", "laptop", "work computer"] },
    intents: [
      {
        paraphrases: [
          "How do I reset my password?",
          "I forgot my password, how can I change it?",
          "What are the steps to reset a forgotten password?",
        ],
        good: [
          'On the sign-in page click "Forgot password", enter your e-mail and follow the link we send you (valid for 30 minutes). Choose a new password of at least 12 characters.',
        ],
      },
      {
        paraphrases: [
          "The password reset e-mail never arrives on my {device}",
          "I don't get the reset password email on my {device}",
          "Reset password email is not coming through on my {device}, what now?",
        ],
        good: [
          "Check the spam folder first. Reset e-mails come from no-reply@example.com; if your company filters it, ask IT to allow that sender, then request a new link — each new link cancels the previous one.",
        ],
      },
    ],
    bad: {
      incorrect: [
        "Passwords can only be reset by your account manager; please call our sales team.",
        "Clear your browser cache and the password will reset automatically.",
      ],
      incomplete: ["You can reset it in your account.", "Try again later."],
    },
  },
  {
    key: "api_errors",
    label: "API errors",
    slots: { code: ["401", "429", "500"], endpoint: ["/v2/orders", "/v2/customers", "/v2/webhooks"] },
    intents: [
      {
        paraphrases: [
          "Why does the API return {code} on {endpoint}?",
          "I keep getting a {code} error from {endpoint}",
          "Calls to {endpoint} fail with status {code}, what does it mean?",
        ],
        good: [
          "A {code} from {endpoint} means: 401 — the API key is missing or revoked; 429 — you exceeded 100 requests per minute, retry after the Retry-After header; 500 — a server error, retry with backoff and send us the request id from the X-Request-Id header.",
        ],
      },
      {
        paraphrases: [
          "How do I rotate my API key without downtime?",
          "What's the safest way to replace an API key in production?",
          "Can I change my API key without breaking my integration?",
        ],
        good: [
          'Create a second key under Settings → API keys, deploy it, confirm traffic uses it in the key\'s "last used" column, then revoke the old key. Both keys work in parallel until you revoke one.',
        ],
      },
    ],
    bad: {
      incorrect: [
        "Status {code} means your account is suspended; contact billing.",
        "API keys cannot be rotated; you need to create a new account.",
      ],
      incomplete: ["That is an error code from the API.", "Please check the documentation for error codes."],
    },
  },
  {
    key: "refunds",
    label: "Refunds",
    slots: { days: ["10", "20", "45"], item: ["annual plan", "add-on", "seat upgrade"] },
    intents: [
      {
        paraphrases: [
          "Can I get a refund for my {item} bought {days} days ago?",
          "I want my money back for the {item}, I purchased it {days} days ago",
          "Is a refund possible on an {item} after {days} days?",
        ],
        good: [
          "Purchases are refundable within 30 days. For an {item} bought {days} days ago: if that is within 30 days, open Billing → Invoices → Request refund; after 30 days we can credit the unused time to your account instead.",
        ],
      },
      {
        paraphrases: [
          "How long does a refund take to show up?",
          "When will I see my refund on my card?",
          "My refund was approved, how many days until it arrives?",
        ],
        good: [
          'Approved refunds are sent the same day; your bank usually shows them within 5–10 business days. The refund appears under Billing → Invoices with a "Refunded" badge and a reference you can give your bank.',
        ],
      },
    ],
    bad: {
      incorrect: [
        "We do not offer refunds under any circumstances.",
        "Refunds are only possible within 7 days of purchase.",
      ],
      incomplete: ["Refunds depend on the situation.", "Contact support about refunds."],
    },
  },
  {
    key: "shipping",
    label: "Shipping",
    slots: { country: ["Germany", "Canada", "Japan", "Brazil"], order: ["48213", "77120", "90544"] },
    intents: [
      {
        paraphrases: [
          "Where is my order {order}? It has not arrived in {country}",
          "Order {order} still not delivered to {country}, can you track it?",
          "My package {order} to {country} is late, where is it?",
        ],
        good: [
          'Order {order} ships from our EU warehouse; deliveries to {country} take 3–7 business days. Open Orders → {order} → Track for the carrier\'s live status. If nothing moved for 5 days, click "Report a problem" and we reship at no cost.',
        ],
      },
      {
        paraphrases: [
          "Do you ship to {country}?",
          "Can I order hardware for delivery in {country}?",
          "Is shipping to {country} available?",
        ],
        good: [
          "Yes, we ship to {country}. Shipping is free above 100 €, duties are included at checkout, and the delivery estimate appears before you pay.",
        ],
      },
    ],
    bad: {
      incorrect: [
        "We only ship within the United States.",
        "Orders to {country} are delivered within 24 hours guaranteed.",
      ],
      incomplete: ["Your order is on its way.", "Shipping times vary."],
    },
  },
  {
    key: "integrations",
    label: "Integrations",
    slots: { tool: ["Slack", "Salesforce", "Zapier", "HubSpot"] },
    intents: [
      {
        paraphrases: [
          "How do I connect {tool}?",
          "Is there a {tool} integration and how do I set it up?",
          "What are the steps to integrate with {tool}?",
        ],
        good: [
          "Go to Settings → Integrations → {tool} and click Connect. You will be asked to sign in to {tool} and approve access; events start syncing within a minute. Only admins can add integrations.",
        ],
      },
      {
        paraphrases: [
          "The {tool} sync stopped working",
          "Our {tool} integration is not syncing anymore",
          "Data from {tool} stopped updating, how do I fix it?",
        ],
        good: [
          "A stopped {tool} sync almost always means the connection's token expired. Open Settings → Integrations → {tool}, click Reconnect and sign in again; the missed events are back-filled automatically.",
        ],
      },
    ],
    bad: {
      incorrect: ["{tool} is not supported; export a CSV instead.", "Delete your account and reconnect {tool}."],
      incomplete: ["Integrations can be configured in settings.", "It should sync eventually."],
    },
  },
  {
    key: "data_export",
    label: "Data export",
    slots: { format: ["CSV", "JSON", "Excel"] },
    intents: [
      {
        paraphrases: [
          "How can I export all my data as {format}?",
          "Is it possible to download our data in {format}?",
          "I need a full {format} export of my account",
        ],
        good: [
          "Open Settings → Data → Export, pick {format} and the date range, and click Start export. Large exports run in the background; you get an e-mail with a download link valid for 7 days.",
        ],
      },
    ],
    bad: {
      incorrect: ["Exports are only available on the Enterprise plan.", "{format} exports are not possible."],
      incomplete: ["You can export data.", "Check the export page."],
    },
  },
  {
    key: "plan_upgrade",
    label: "Plan changes",
    slots: { from: ["Free", "Pro"], to: ["Team", "Business"] },
    intents: [
      {
        paraphrases: [
          "How do I upgrade from {from} to {to}?",
          "I want to move my workspace from the {from} plan to {to}",
          "What happens when I switch from {from} to {to}?",
        ],
        good: [
          "Go to Billing → Plan, choose {to} and confirm. The change is immediate; you pay the prorated difference for the current period and keep all data from {from}.",
        ],
      },
    ],
    bad: {
      incorrect: ["You need to cancel {from} and create a new {to} workspace.", "Upgrades take effect next year."],
      incomplete: ["You can change your plan anytime.", "Plans can be upgraded."],
    },
  },
  ...SCHEDULED,
];

export const EMERGING_TOPIC = "sso_setup";

/** Replaces {slot} placeholders with values. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

interface CompiledParaphrase {
  topic: Topic;
  intentIndex: number;
  regex: RegExp;
  names: string[];
}

const COMPILED: CompiledParaphrase[] = TOPICS.flatMap((topic) =>
  topic.intents.flatMap((intent, intentIndex) =>
    intent.paraphrases.map((p) => {
      const names: string[] = [];
      const pattern = p
        .split(/(\{\w+\})/)
        .map((part) => {
          const slot = /^\{(\w+)\}$/.exec(part);
          if (!slot) return escapeRegExp(part);
          names.push(slot[1]!);
          return "(.+?)";
        })
        .join("");
      return { topic, intentIndex, regex: new RegExp(`^${pattern}$`, "i"), names };
    }),
  ),
);

/** Recognises a question the world can ask (a paraphrase with its slots filled), or null for anything else. */
export function recognise(
  question: string,
): { topic: Topic; intentIndex: number; values: Record<string, string> } | null {
  const text = question.trim();
  for (const c of COMPILED) {
    const m = c.regex.exec(text);
    if (!m) continue;
    const values: Record<string, string> = {};
    c.names.forEach((name, i) => (values[name] = m[i + 1]!));
    return { topic: c.topic, intentIndex: c.intentIndex, values };
  }
  return null;
}
