// The only module that talks to the Tauri shell. Everything else calls these typed
// functions, so the command names and argument shapes live in exactly one place.
import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import type { AgendaCounts } from "./bindings/AgendaCounts";
import type { AgendaFacets } from "./bindings/AgendaFacets";
import type { AgendaQuery } from "./bindings/AgendaQuery";
import type { AgendaView } from "./bindings/AgendaView";
import type { AppError } from "./bindings/AppError";
import type { Appearance } from "./bindings/Appearance";
import type { EditOp } from "./bindings/EditOp";
import type { EditResult } from "./bindings/EditResult";
import type { ExportFormat } from "./bindings/ExportFormat";
import type { ImportProgress } from "./bindings/ImportProgress";
import type { OneOnOneStarted } from "./bindings/OneOnOneStarted";
import type { PageSummary } from "./bindings/PageSummary";
import type { PageView } from "./bindings/PageView";
import type { PersonRow } from "./bindings/PersonRow";
import type { PersonScreen } from "./bindings/PersonScreen";
import type { ProjectRow } from "./bindings/ProjectRow";
import type { ProjectScreen } from "./bindings/ProjectScreen";
import type { References } from "./bindings/References";
import type { ReviewChange } from "./bindings/ReviewChange";
import type { ReviewMove } from "./bindings/ReviewMove";
import type { ReviewQuery } from "./bindings/ReviewQuery";
import type { ReviewScreen } from "./bindings/ReviewScreen";
import type { SearchHitView } from "./bindings/SearchHitView";
import type { Settings } from "./bindings/Settings";
import type { SettingsPreview } from "./bindings/SettingsPreview";
import type { TaskChange } from "./bindings/TaskChange";
import type { TaskChanged } from "./bindings/TaskChanged";
import type { VaultChanged } from "./bindings/VaultChanged";
import type { VaultInfo } from "./bindings/VaultInfo";
import type { VaultSettingsScreen } from "./bindings/VaultSettingsScreen";

/** "unknown" covers failures that did not come from Cairn's own error type (e.g. a missing command). */
export type IpcErrorCode = AppError["code"] | "unknown";

export class IpcError extends Error {
  readonly code: IpcErrorCode;

  constructor(code: IpcErrorCode, message: string) {
    super(message);
    this.name = "IpcError";
    this.code = code;
  }
}

export type Unsubscribe = () => void;

function isAppError(value: unknown): value is AppError {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { code?: unknown }).code === "string" &&
    typeof (value as { message?: unknown }).message === "string"
  );
}

export function toIpcError(error: unknown): IpcError {
  if (error instanceof IpcError) return error;
  if (isAppError(error)) return new IpcError(error.code, error.message);
  if (error instanceof Error) return new IpcError("unknown", error.message);
  return new IpcError("unknown", String(error));
}

async function call<T>(command: string, args: Record<string, unknown> = {}): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    throw toIpcError(error);
  }
}

export function openVault(path: string): Promise<VaultInfo> {
  return call("open_vault", { path });
}

export function currentVault(): Promise<VaultInfo | null> {
  return call("current_vault");
}

export function recentVaults(): Promise<string[]> {
  return call("recent_vaults");
}

/** The theme and text size the person chose, kept in the app's config folder. */
export function appearance(): Promise<Appearance> {
  return call("appearance");
}

export function setAppearance(appearance: Appearance): Promise<void> {
  return call("set_appearance", { appearance });
}

/** The vault's `cairn.toml`: what it sets, what is wrong with it, and its version. */
export function vaultSettings(): Promise<VaultSettingsScreen> {
  return call("vault_settings");
}

/** What saving `settings` would change in this vault, key by key, and the file it writes. */
export function previewVaultSettings(settings: Settings): Promise<SettingsPreview> {
  return call("preview_vault_settings", { settings });
}

/** Writes the changed keys of `settings` and opens the vault again with them. */
export function saveVaultSettings(settings: Settings, version: string | null): Promise<VaultInfo> {
  return call("save_vault_settings", { settings, version });
}

export function journals(before: string | null, limit: number): Promise<PageView[]> {
  return call("journals", { before, limit });
}

export function page(name: string): Promise<PageView> {
  return call("page", { name });
}

export function allPages(): Promise<PageSummary[]> {
  return call("all_pages");
}

export function applyEdits(page: string, version: string | null, ops: EditOp[]): Promise<EditResult> {
  return call("apply_edits", { page, version, ops });
}

export function undo(page: string): Promise<EditResult | null> {
  return call("undo", { page });
}

export function redo(page: string): Promise<EditResult | null> {
  return call("redo", { page });
}

/** Undoes the last change to the vault made in this window, on whichever page. */
export function undoLast(): Promise<EditResult | null> {
  return call("undo_last");
}

export function redoLast(): Promise<EditResult | null> {
  return call("redo_last");
}

export function search(query: string, limit: number): Promise<SearchHitView[]> {
  return call("search", { query, limit });
}

/** Names for `[[` completion; with `day` (`YYYY-MM-DD`), that day's journal comes first, titled as the vault titles journals. */
export function pageNames(prefix: string, limit: number, day: string | null = null): Promise<string[]> {
  return call("page_names", { prefix, limit, day });
}

export function references(name: string): Promise<References> {
  return call("references", { name });
}

export function agenda(query: AgendaQuery): Promise<AgendaView> {
  return call("agenda", { query });
}

export function agendaFacets(): Promise<AgendaFacets> {
  return call("agenda_facets");
}

export function agendaCounts(): Promise<AgendaCounts> {
  return call("agenda_counts");
}

/** Changes a task shown from its file at `version`; a file changed since is a conflict. */
export function changeTask(id: string, version: string, change: TaskChange): Promise<TaskChanged> {
  return call("change_task", { id, version, change });
}

export function projects(): Promise<ProjectRow[]> {
  return call("projects");
}

export function project(name: string): Promise<ProjectScreen> {
  return call("project", { name });
}

export function people(): Promise<PersonRow[]> {
  return call("people");
}

export function person(name: string): Promise<PersonScreen> {
  return call("person", { name });
}

/** Starts or reuses today's 1-on-1, as `cairn one-on-one` does; the answer says where to type. */
export function startOneOnOne(name: string): Promise<OneOnOneStarted> {
  return call("start_one_on_one", { name });
}

/** Adds a person where new people go; answers the name they are known by. */
export function addPerson(name: string): Promise<string> {
  return call("add_person", { name });
}

/** The year-end review draft of a period, as the saved choices shape it. */
export function review(query: ReviewQuery): Promise<ReviewScreen> {
  return call("review", { query });
}

/** Takes bullets into the draft or leaves them out; the draft page in the vault keeps the choices. */
export function chooseReview(query: ReviewQuery, changes: ReviewChange[]): Promise<ReviewScreen> {
  return call("choose_review", { query, changes });
}

/** Moves a bullet or a project of the draft on its page; answers the draft as it now is. */
export function moveInReview(query: ReviewQuery, moved: ReviewMove): Promise<ReviewScreen> {
  return call("move_in_review", { query, moved });
}

/** Puts the user's wording in place of a bullet's on the draft page. */
export function rewordReview(query: ReviewQuery, id: string, text: string): Promise<ReviewScreen> {
  return call("reword_review", { query, id, text });
}

/** The export's text, exactly what `cairn review --format` prints for the same draft. */
export function reviewExport(query: ReviewQuery, format: ExportFormat): Promise<string> {
  return call("review_export", { query, format });
}

/** Saves the export where the user picks in the system's save dialog; null when cancelled. */
export function saveReviewExport(query: ReviewQuery, format: ExportFormat): Promise<string | null> {
  return call("save_review_export", { query, format });
}

/** A folder chosen in the system's folder picker, or null when cancelled. */
export function chooseVaultFolder(): Promise<string | null> {
  return call("choose_vault_folder");
}

/** Opens a web link (a ticket) in the system's browser; the window itself never leaves the app. */
export function openExternal(url: string): Promise<void> {
  return call("open_external", { url });
}

async function subscribe<T>(event: string, callback: (payload: T) => void): Promise<Unsubscribe> {
  const unlisten = await listen<T>(event, (message) => callback(message.payload));
  return unlisten;
}

/** Files changed on disk; the index already reflects them when this fires. */
export function onVaultChanged(callback: (change: VaultChanged) => void): Promise<Unsubscribe> {
  return subscribe("vault-changed", callback);
}

export function onImportProgress(callback: (progress: ImportProgress) => void): Promise<Unsubscribe> {
  return subscribe("import-progress", callback);
}
