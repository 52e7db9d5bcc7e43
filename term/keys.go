package term

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// keyMap is what the help shows. The pane itself binds no keys: every key
// goes to the program, and the root model owns the detach key.
type keyMap struct {
	Scroll key.Binding
	Detach key.Binding
}

func newKeyMap() keyMap {
	return keyMap{
		Scroll: key.NewBinding(key.WithKeys("wheelup", "wheeldown"), key.WithHelp("wheel", "scroll back")),
		Detach: key.NewBinding(key.WithKeys("ctrl+]"), key.WithHelp("ctrl+]", "detach")),
	}
}

// xterm's sequences for keys that are the same in both cursor modes.
var fixedKeys = map[tea.KeyType]string{
	tea.KeySpace:          " ",
	tea.KeyShiftTab:       "\x1b[Z",
	tea.KeyInsert:         "\x1b[2~",
	tea.KeyDelete:         "\x1b[3~",
	tea.KeyPgUp:           "\x1b[5~",
	tea.KeyPgDown:         "\x1b[6~",
	tea.KeyCtrlPgUp:       "\x1b[5;5~",
	tea.KeyCtrlPgDown:     "\x1b[6;5~",
	tea.KeyShiftUp:        "\x1b[1;2A",
	tea.KeyShiftDown:      "\x1b[1;2B",
	tea.KeyShiftRight:     "\x1b[1;2C",
	tea.KeyShiftLeft:      "\x1b[1;2D",
	tea.KeyCtrlUp:         "\x1b[1;5A",
	tea.KeyCtrlDown:       "\x1b[1;5B",
	tea.KeyCtrlRight:      "\x1b[1;5C",
	tea.KeyCtrlLeft:       "\x1b[1;5D",
	tea.KeyCtrlShiftUp:    "\x1b[1;6A",
	tea.KeyCtrlShiftDown:  "\x1b[1;6B",
	tea.KeyCtrlShiftRight: "\x1b[1;6C",
	tea.KeyCtrlShiftLeft:  "\x1b[1;6D",
	tea.KeyShiftHome:      "\x1b[1;2H",
	tea.KeyShiftEnd:       "\x1b[1;2F",
	tea.KeyCtrlHome:       "\x1b[1;5H",
	tea.KeyCtrlEnd:        "\x1b[1;5F",
	tea.KeyCtrlShiftHome:  "\x1b[1;6H",
	tea.KeyCtrlShiftEnd:   "\x1b[1;6F",
	tea.KeyF1:             "\x1bOP",
	tea.KeyF2:             "\x1bOQ",
	tea.KeyF3:             "\x1bOR",
	tea.KeyF4:             "\x1bOS",
	tea.KeyF5:             "\x1b[15~",
	tea.KeyF6:             "\x1b[17~",
	tea.KeyF7:             "\x1b[18~",
	tea.KeyF8:             "\x1b[19~",
	tea.KeyF9:             "\x1b[20~",
	tea.KeyF10:            "\x1b[21~",
	tea.KeyF11:            "\x1b[23~",
	tea.KeyF12:            "\x1b[24~",
	tea.KeyF13:            "\x1b[25~",
	tea.KeyF14:            "\x1b[26~",
	tea.KeyF15:            "\x1b[28~",
	tea.KeyF16:            "\x1b[29~",
	tea.KeyF17:            "\x1b[31~",
	tea.KeyF18:            "\x1b[32~",
	tea.KeyF19:            "\x1b[33~",
	tea.KeyF20:            "\x1b[34~",
}

// Cursor keys: the final byte, sent as CSI x normally and SS3 x once the
// program set application cursor mode (DECCKM), as vi and less do.
var cursorKeys = map[tea.KeyType]byte{
	tea.KeyUp:    'A',
	tea.KeyDown:  'B',
	tea.KeyRight: 'C',
	tea.KeyLeft:  'D',
	tea.KeyHome:  'H',
	tea.KeyEnd:   'F',
}

// keyBytes is what a terminal sends for k. Alt is an ESC prefix; ctrl keys
// (ctrl+] included: detaching is the root model's business) are their C0
// byte. Unknown keys send nothing.
func keyBytes(k tea.KeyMsg, appCursor, bracketed bool) []byte {
	var s string
	switch {
	case k.Type == tea.KeyRunes && k.Paste:
		return pasteBytes(string(k.Runes), bracketed)
	case k.Type == tea.KeyRunes:
		s = string(k.Runes)
	case k.Type >= 0 && k.Type < 32 || k.Type == 127:
		// C0 controls, which include enter (\r), tab, esc and backspace (DEL).
		s = string(rune(k.Type))
	default:
		if c, ok := cursorKeys[k.Type]; ok {
			if appCursor {
				s = "\x1bO" + string(c)
			} else {
				s = "\x1b[" + string(c)
			}
		} else {
			s = fixedKeys[k.Type]
		}
	}
	if s == "" {
		return nil
	}
	if k.Alt {
		s = "\x1b" + s
	}
	return []byte(s)
}

// pasteBytes sends pasted text as a terminal does: newlines as CR, and
// inside bracketed-paste markers when the program asked for them. An end
// marker inside the text is dropped so a paste cannot end itself early.
func pasteBytes(text string, bracketed bool) []byte {
	text = strings.ReplaceAll(text, "\r\n", "\r")
	text = strings.ReplaceAll(text, "\n", "\r")
	if !bracketed {
		return []byte(text)
	}
	text = strings.ReplaceAll(text, "\x1b[201~", "")
	return []byte("\x1b[200~" + text + "\x1b[201~")
}
