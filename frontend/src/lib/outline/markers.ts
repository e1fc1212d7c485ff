// How a task's marker shows: checked, struck through, or with a word beside the checkbox.
// What a click on the checkbox does is the library's `toggleDone` operation.

export function isChecked(marker: string | null): boolean {
  return marker === "DONE";
}

export function isStruck(marker: string | null): boolean {
  return marker === "DONE" || marker === "CANCELED" || marker === "CANCELLED";
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
