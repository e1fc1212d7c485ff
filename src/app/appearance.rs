//! How the window looks, as the person chose in Settings: the theme (the system's, light
//! or dark) and the size of the notes' text. Kept in the app's config folder, not in the
//! vault: it is the person's, whichever vault is open.

use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::error::{AppError, ErrorCode};

/// The sizes of the notes' text the window offers, in CSS pixels.
pub const TEXT_SIZES: std::ops::RangeInclusive<u8> = 12..=22;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    /// Follows the system's light or dark setting, live.
    #[default]
    System,
    Light,
    Dark,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default, rename_all = "camelCase")]
pub struct Appearance {
    pub theme: Theme,
    /// The notes' text size in CSS pixels, within [`TEXT_SIZES`].
    pub text_size: u8,
}

impl Default for Appearance {
    fn default() -> Appearance {
        Appearance {
            theme: Theme::System,
            text_size: 15,
        }
    }
}

/// The appearance kept at `file`; the default when it is missing, unreadable or out of
/// range (a hand-edited file), never an error.
pub fn load(file: &Path) -> Appearance {
    super::config_file::load::<Appearance>(file)
        .filter(|appearance| TEXT_SIZES.contains(&appearance.text_size))
        .unwrap_or_default()
}

/// Keeps `appearance` at `file`, refusing a text size the window does not offer.
pub fn save(file: &Path, appearance: &Appearance) -> Result<(), AppError> {
    if !TEXT_SIZES.contains(&appearance.text_size) {
        return Err(AppError::new(
            ErrorCode::InvalidInput,
            format!(
                "the text size must be from {} to {} pixels, not {}",
                TEXT_SIZES.start(),
                TEXT_SIZES.end(),
                appearance.text_size
            ),
        ));
    }
    super::config_file::save(file, appearance)
        .map_err(|error| AppError::new(ErrorCode::Io, format!("saving the settings: {error}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_appearance_is_kept_and_a_broken_file_is_the_default() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config").join("appearance.json");
        assert_eq!(load(&file), Appearance::default());
        let dark = Appearance {
            theme: Theme::Dark,
            text_size: 18,
        };
        save(&file, &dark).unwrap();
        assert_eq!(load(&file), dark);
        std::fs::write(&file, "{\"theme\": \"dark\", \"textSize\": 90}").unwrap();
        assert_eq!(load(&file), Appearance::default());
        std::fs::write(&file, "{\"theme\": \"light\"}").unwrap();
        assert_eq!(load(&file).theme, Theme::Light);
        std::fs::write(&file, "not json").unwrap();
        assert_eq!(load(&file), Appearance::default());
    }

    #[test]
    fn a_text_size_the_window_does_not_offer_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("appearance.json");
        let error = save(
            &file,
            &Appearance {
                theme: Theme::Light,
                text_size: 40,
            },
        )
        .unwrap_err();
        assert!(error.message.contains("12 to 22"), "{}", error.message);
        assert!(!file.exists());
    }
}
