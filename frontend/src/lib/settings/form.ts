// The vault's settings as Settings edits them: text fields for the person to type into,
// turned into the `Settings` the library checks and saves, and back.
import type { CompletionRecord } from "../bindings/CompletionRecord";
import type { Settings } from "../bindings/Settings";

export type SettingsForm = {
  ticketUrl: string;
  /** The keys as typed: `COS, NAV` or `COS NAV`. */
  ticketKeys: string;
  peopleSection: string;
  projectsSection: string;
  /** As typed; a value that is not a whole number is sent as 0, which the library refuses. */
  cadenceDays: string;
  completion: CompletionRecord;
  checklistTasks: boolean;
};

export function formOf(settings: Settings): SettingsForm {
  return {
    ticketUrl: settings.ticket_url ?? "",
    ticketKeys: settings.ticket_keys.join(", "),
    peopleSection: settings.people_section,
    projectsSection: settings.projects_section,
    cadenceDays: String(settings.one_on_one_cadence_days),
    completion: settings.completion,
    checklistTasks: settings.checklist_tasks,
  };
}

/** The keys in `text`, split on commas and spaces; none means every key counts. */
export function ticketKeysOf(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((key) => key.trim())
    .filter((key) => key !== "");
}

function wholeDays(text: string): number {
  const trimmed = text.trim();
  return /^\d{1,6}$/.test(trimmed) ? Number(trimmed) : 0;
}

export function settingsOf(form: SettingsForm): Settings {
  const url = form.ticketUrl.trim();
  return {
    ticket_url: url === "" ? null : url,
    ticket_keys: ticketKeysOf(form.ticketKeys),
    people_section: form.peopleSection,
    projects_section: form.projectsSection,
    one_on_one_cadence_days: wholeDays(form.cadenceDays),
    completion: form.completion,
    checklist_tasks: form.checklistTasks,
  };
}
