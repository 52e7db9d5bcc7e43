package engine

import (
	"errors"
	"strings"
	"unicode"
)

// The word rules of the Dockerfile parser that --change instructions
// follow (docker's BuildFromConfig runs them through it): how an
// instruction's text splits into words, and how a word's quotes, escapes
// and $variables are processed.

// splitWords splits s at unquoted, unescaped white space. Quotes and
// escapes stay in the words, for processWord (the parser's parseWords).
func splitWords(s string) []string {
	var words []string
	var word strings.Builder
	inWord, blankOK := false, false
	var quote rune
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		ch := rs[i]
		switch {
		case quote != 0:
			if ch == quote {
				quote = 0
			} else if ch == '\\' && quote != '\'' && i+1 < len(rs) {
				word.WriteRune(ch)
				i++
				ch = rs[i]
			}
		case unicode.IsSpace(ch):
			if inWord && (blankOK || word.Len() > 0) {
				words = append(words, word.String())
			}
			word.Reset()
			inWord, blankOK = false, false
			continue
		case ch == '\'' || ch == '"':
			quote, blankOK = ch, true
		case ch == '\\':
			if i+1 == len(rs) {
				continue // an escape at the very end is dropped
			}
			word.WriteRune(ch)
			i++
			ch = rs[i]
		}
		inWord = true
		word.WriteRune(ch)
	}
	if inWord && (blankOK || word.Len() > 0) {
		words = append(words, word.String())
	}
	return words
}

// processWord removes a word's quotes and escapes and expands $NAME,
// ${NAME}, ${NAME:-word}, ${NAME-word}, ${NAME:+word} and ${NAME+word}
// from env (NAME=value entries), as the Dockerfile shell lexer does.
func processWord(word string, env []string) (string, error) {
	l := &lexer{s: []rune(word), env: env}
	return l.until(0)
}

type lexer struct {
	s   []rune
	pos int
	env []string
}

// until processes runes up to stop (0: the end) and consumes stop.
func (l *lexer) until(stop rune) (string, error) {
	var out strings.Builder
	for l.pos < len(l.s) {
		ch := l.s[l.pos]
		l.pos++
		switch {
		case ch == stop:
			return out.String(), nil
		case ch == '\'':
			end := indexFrom(l.s, l.pos, '\'')
			if end < 0 {
				return "", errors.New("unexpected end of statement while looking for matching single-quote")
			}
			out.WriteString(string(l.s[l.pos:end]))
			l.pos = end + 1
		case ch == '"':
			s, err := l.doubleQuoted()
			if err != nil {
				return "", err
			}
			out.WriteString(s)
		case ch == '$':
			s, err := l.dollar()
			if err != nil {
				return "", err
			}
			out.WriteString(s)
		case ch == '\\':
			if l.pos < len(l.s) {
				out.WriteRune(l.s[l.pos])
				l.pos++
			}
		default:
			out.WriteRune(ch)
		}
	}
	if stop != 0 {
		return "", errors.New("syntax error: missing '}'")
	}
	return out.String(), nil
}

// doubleQuoted reads up to the closing quote: only $ expands, and only
// \" \$ and \\ are escapes; any other backslash is kept.
func (l *lexer) doubleQuoted() (string, error) {
	var out strings.Builder
	for l.pos < len(l.s) {
		ch := l.s[l.pos]
		l.pos++
		switch ch {
		case '"':
			return out.String(), nil
		case '$':
			s, err := l.dollar()
			if err != nil {
				return "", err
			}
			out.WriteString(s)
			continue
		case '\\':
			if l.pos < len(l.s) && strings.ContainsRune(`"$\`, l.s[l.pos]) {
				ch = l.s[l.pos]
				l.pos++
			}
		}
		out.WriteRune(ch)
	}
	return "", errors.New("unexpected end of statement while looking for matching double-quote")
}

// dollar expands what follows a $.
func (l *lexer) dollar() (string, error) {
	if l.pos < len(l.s) && l.s[l.pos] == '{' {
		l.pos++
		name := l.name()
		if name == "" {
			return "", errors.New("bad substitution")
		}
		value, set := l.lookup(name)
		if l.pos < len(l.s) && l.s[l.pos] == '}' {
			l.pos++
			return value, nil
		}
		op := ""
		if l.pos < len(l.s) && l.s[l.pos] == ':' {
			op, l.pos = ":", l.pos+1
		}
		if l.pos >= len(l.s) || (l.s[l.pos] != '-' && l.s[l.pos] != '+') {
			return "", errors.New("unsupported modifier in ${" + name + "}")
		}
		op += string(l.s[l.pos])
		l.pos++
		alt, err := l.until('}')
		if err != nil {
			return "", err
		}
		// ":" tests for empty as well as unset.
		present := set && (value != "" || op[0] != ':')
		switch op[len(op)-1] {
		case '-':
			if present {
				return value, nil
			}
			return alt, nil
		default: // '+'
			if present {
				return alt, nil
			}
			return "", nil
		}
	}
	name := l.name()
	if name == "" {
		return "$", nil
	}
	value, _ := l.lookup(name)
	return value, nil
}

// name reads a variable name: letters, digits and _, or one digit.
func (l *lexer) name() string {
	start := l.pos
	for l.pos < len(l.s) {
		ch := l.s[l.pos]
		if ch != '_' && !unicode.IsLetter(ch) && !unicode.IsDigit(ch) {
			break
		}
		l.pos++
		if start == l.pos-1 && unicode.IsDigit(ch) {
			break
		}
	}
	return string(l.s[start:l.pos])
}

func (l *lexer) lookup(name string) (string, bool) {
	for i := len(l.env) - 1; i >= 0; i-- {
		if k, v, _ := strings.Cut(l.env[i], "="); k == name {
			return v, true
		}
	}
	return "", false
}

func indexFrom(s []rune, from int, r rune) int {
	for i := from; i < len(s); i++ {
		if s[i] == r {
			return i
		}
	}
	return -1
}
