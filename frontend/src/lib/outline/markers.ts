// The checkbox in front of a task: a click finishes it, or reopens a finished one.
// Implemented as a rewrite of the leading marker word so priority, dates and
// properties in the raw text stay exactly as written.

export function isChecked(marker: string | null): boolean {
  return marker === "DONE";
}

export function isStruck(marker: string | null): boolean {
  return marker === "DONE" || marker === "CANCELED" || marker === "CANCELLED";
}

export function toggledMarker(marker: string): string {
  return marker === "DONE" ? "TODO" : "DONE";
}

export function rawWithToggledMarker(raw: string, marker: string): string {
  const next = toggledMarker(marker);
  const leading = new RegExp(`^${marker}(?=\\s|$)`);
  return leading.test(raw) ? raw.replace(leading, next) : `${next} ${raw}`;
}

/** Markers that deserve a word next to the checkbox because "unchecked" undersells them. */
export function markerChipLabel(marker: string | null): string | null {
  switch (marker) {
    case "DOING":
    case "NOW":
    case "WAITING":
      return marker.toLowerCase();
    default:
      return null;
  }
}
