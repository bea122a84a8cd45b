/**
 * One message, four renderings: plain text (email, the CLI), HTML (email), Slack Block Kit, and
 * the webhook's JSON. Pure.
 */
import type { NotificationMessage } from "./message.ts";

export function renderText(m: NotificationMessage): string {
  const lines = [m.title, "", m.summary];
  if (m.facts.length > 0) lines.push("", ...m.facts.map((f) => `${f.label}: ${f.value}`));
  if (m.trend !== null) lines.push(`Trend (weekly): ${m.trend}`);
  for (const section of m.sections) lines.push("", section.heading, ...section.lines.map((l) => `  ${l}`));
  if (m.link !== null) lines.push("", `${m.link.label}: ${m.link.url}`);
  return `${lines.join("\n")}\n`;
}

const escapeHtml = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

export function renderHtml(m: NotificationMessage): string {
  const out = [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8"><title>' + escapeHtml(m.title) + "</title></head>",
    '<body style="font-family: system-ui, sans-serif; color: #1f2933; max-width: 42rem;">',
    `<h1 style="font-size: 1.2rem;">${escapeHtml(m.title)}</h1>`,
    `<p>${escapeHtml(m.summary)}</p>`,
  ];
  if (m.facts.length > 0) {
    out.push('<table style="border-collapse: collapse;">');
    for (const f of m.facts) out.push(`<tr><th style="text-align: left; padding: 2px 12px 2px 0;">${escapeHtml(f.label)}</th><td>${escapeHtml(f.value)}</td></tr>`);
    out.push("</table>");
  }
  if (m.trend !== null) out.push(`<p>Trend (weekly): <code>${escapeHtml(m.trend)}</code></p>`);
  for (const section of m.sections) {
    out.push(`<h2 style="font-size: 1rem;">${escapeHtml(section.heading)}</h2>`, "<ul>", ...section.lines.map((l) => `<li>${escapeHtml(l)}</li>`), "</ul>");
  }
  if (m.link !== null) out.push(`<p><a href="${escapeHtml(m.link.url)}">${escapeHtml(m.link.label)}</a></p>`);
  out.push("</body></html>");
  return `${out.join("\n")}\n`;
}

/** Slack's mrkdwn treats &, < and > as control characters (https://api.slack.com/reference/surfaces/formatting#escaping). */
const escapeSlack = (text: string): string => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

type SlackText = { type: "plain_text" | "mrkdwn"; text: string };
export type SlackBlock =
  | { type: "header"; text: SlackText }
  | { type: "section"; text?: SlackText; fields?: SlackText[] }
  | { type: "context"; elements: SlackText[] }
  | { type: "actions"; elements: { type: "button"; text: SlackText; url: string }[] }
  | { type: "divider" };

/**
 * An incoming-webhook payload (https://api.slack.com/messaging/webhooks): `text` is the fallback
 * shown in notifications, `blocks` the Block Kit layout (https://api.slack.com/reference/block-kit/blocks),
 * kept inside its limits: header 150 characters, section text 3,000, at most 10 fields of 2,000.
 */
export function renderSlack(m: NotificationMessage): { text: string; blocks: SlackBlock[] } {
  const blocks: SlackBlock[] = [
    { type: "header", text: { type: "plain_text", text: clip(m.title, 150) } },
    { type: "section", text: { type: "mrkdwn", text: clip(escapeSlack(m.summary), 3000) } },
  ];
  if (m.facts.length > 0) {
    blocks.push({ type: "section", fields: m.facts.slice(0, 10).map((f) => ({ type: "mrkdwn", text: clip(`*${escapeSlack(f.label)}*\n${escapeSlack(f.value)}`, 2000) })) });
  }
  if (m.trend !== null) blocks.push({ type: "section", text: { type: "mrkdwn", text: `*Trend (weekly)*  \`${escapeSlack(m.trend)}\`` } });
  for (const section of m.sections) {
    blocks.push({ type: "divider" }, { type: "section", text: { type: "mrkdwn", text: clip(`*${escapeSlack(section.heading)}*\n${section.lines.map((l) => `• ${escapeSlack(l)}`).join("\n")}`, 3000) } });
  }
  if (m.link !== null) blocks.push({ type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: clip(m.link.label, 75) }, url: m.link.url }] });
  return { text: m.title, blocks: blocks.slice(0, 50) };
}

/** The webhook body (docs/notifications.md): the message and its data, with the notification's id. */
export function renderWebhook(m: NotificationMessage, meta: { notificationId: string; sentAt: number }) {
  return {
    id: meta.notificationId,
    kind: m.kind,
    title: m.title,
    summary: m.summary,
    facts: m.facts,
    trend: m.trend,
    link: m.link,
    sections: m.sections,
    data: m.data,
    sentAt: new Date(meta.sentAt).toISOString(),
  };
}
