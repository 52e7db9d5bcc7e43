package images

import (
	"strconv"

	"berth/tui/backend"
	"berth/tui/internal/listpane"
	"berth/tui/internal/table"
	"berth/tui/internal/textutil"
	"berth/tui/styles"
)

type col = table.Column[backend.Image]

// columns are the image list's; env's clock tells how long ago.
func columns(env listpane.Env) []col {
	return []col{
		{Title: "REPOSITORY", Width: 14, Flex: 3, Text: func(i backend.Image) string { return i.Repository }},
		{Title: "TAG", Width: 8, Flex: 1, Text: func(i backend.Image) string { return i.Tag }},
		{Title: "ID", Width: 12, Text: func(i backend.Image) string { return textutil.ShortID(i.ID) }},
		{Title: "CREATED", Width: 14, Drop: 2,
			Text: func(i backend.Image) string { return textutil.Ago(i.Created, env.Now()) },
			Less: func(a, b backend.Image) bool { return a.Created.Before(b.Created) }},
		{Title: "SIZE", Width: 8, Right: true,
			Text: func(i backend.Image) string { return textutil.Size(i.Size) },
			Less: func(a, b backend.Image) bool { return a.Size < b.Size }},
		{Title: "USED BY", Width: 7, Right: true, Drop: 1,
			Text: func(i backend.Image) string { return strconv.Itoa(i.Containers) },
			Less: func(a, b backend.Image) bool { return a.Containers < b.Containers }},
	}
}

// tone dims the dangling images: what a prune would remove.
func tone(i backend.Image) styles.Tone {
	if dangling(i) {
		return styles.Dim
	}
	return styles.Normal
}
