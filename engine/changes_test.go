package engine

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestParseChanges(t *testing.T) {
	for _, c := range []struct {
		changes []string
		want    string // the config as JSON, or the error
	}{
		{[]string{`CMD ["cat", "/hello"]`}, `{"Cmd":["cat","/hello"]}`},
		{[]string{`cmd echo "hi there" $HOME`}, `{"Cmd":["/bin/sh","-c","echo \"hi there\" $HOME"]}`},
		{[]string{`CMD [not json`}, `{"Cmd":["/bin/sh","-c","[not json"]}`},
		{[]string{`ENTRYPOINT ["top"]`, `CMD ["-b"]`}, `{"Entrypoint":["top"],"Cmd":["-b"]}`},
		{[]string{`CMD ["-b"]`, `ENTRYPOINT top`}, `{"Entrypoint":["/bin/sh","-c","top"],"Cmd":["-b"]}`},
		{[]string{`CMD []`, `ENTRYPOINT top`}, `{"Entrypoint":["/bin/sh","-c","top"]}`},
		{[]string{`ENV A=b`, `ENV C="x y" D=$A\$ E='$A'`}, `{"Env":["A=b","C=x y","D=b$","E=$A"]}`},
		{[]string{`ENV A=1`, `ENV A=2 B=${A}`, `ENV OLD the  value`}, `{"Env":["A=2","B=1","OLD=the  value"]}`},
		{[]string{`ENV X=${UNSET:-dflt} Y=${X:+alt}`}, `{"Env":["X=dflt","Y="]}`},
		{[]string{`LABEL a=1 "b c"="d e"`, `LABEL a=2`}, `{"Labels":{"a":"2","b c":"d e"}}`},
		{[]string{`EXPOSE 80 53/UDP 8000-8001`}, `{"ExposedPorts":{"53/udp":{},"80/tcp":{},"8000/tcp":{},"8001/tcp":{}}}`},
		{[]string{`VOLUME ["/a", "/b"]`, `VOLUME /c /d`}, `{"Volumes":{"/a":{},"/b":{},"/c":{},"/d":{}}}`},
		{[]string{`WORKDIR /app`, `WORKDIR sub/../src`, `USER 1000:1000`, `STOPSIGNAL SIGUSR1`},
			`{"User":"1000:1000","WorkingDir":"/app/src","StopSignal":"SIGUSR1"}`},
		{[]string{"ENV A=1 \\\n  B=2", "# a comment", ""}, `{"Env":["A=1","B=2"]}`},
		// Every name is checked before anything is applied.
		{[]string{`ENV`, `FOO bar`}, `FOO is not a valid change command`},
		{[]string{`RUN true`}, `RUN is not a valid change command`},
		{[]string{`ENV`}, `ENV requires at least one argument`},
		{[]string{`ENV A`}, `ENV must have two arguments`},
		{[]string{`ENV A=1 B`}, `Syntax error - can't find = in "B". Must be of the form: name=value`},
		{[]string{`LABEL =x`}, `LABEL names can not be blank`},
		{[]string{`USER a b`}, `USER requires exactly one argument`},
		{[]string{`EXPOSE 80/ftp`}, `invalid proto: ftp`},
		{[]string{`EXPOSE http`}, `invalid containerPort: http`},
		{[]string{`STOPSIGNAL SIGNOPE`}, `Invalid signal: SIGNOPE`},
		{[]string{`VOLUME ""`}, `VOLUME specified can not be an empty string`},
		{[]string{`ENV A='open`}, `unexpected end of statement while looking for matching single-quote`},
		{[]string{`ONBUILD ONBUILD RUN x`}, "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed"},
		{[]string{`ONBUILD FROM x`}, `FROM isn't allowed as an ONBUILD trigger`},
		{[]string{`ONBUILD RUN make`}, `{"OnBuild":["RUN make"]}`},
		{[]string{`HEALTHCHECK --interval=5s CMD true`}, `{"Healthcheck":{"Test":["CMD-SHELL","true"],"Interval":5000000000}}`},
	} {
		cfg, err := ParseChanges(c.changes)
		got := ""
		if err != nil {
			got = err.Error()
		} else {
			b, _ := json.Marshal(cfg)
			got = string(b)
		}
		if got != c.want {
			t.Errorf("%q:\n got %s\nwant %s", strings.Join(c.changes, " | "), got, c.want)
		}
	}
}

func TestSplitWords(t *testing.T) {
	for in, want := range map[string]string{
		`a  b`:             `a|b`,
		`"a b" c`:          `"a b"|c`,
		`a\ b 'c d'`:       `a\ b|'c d'`,
		`k="" x`:           `k=""|x`,
		`"esc \" q" end\`:  `"esc \" q"|end`,
		`  lead   trail  `: `lead|trail`,
	} {
		if got := strings.Join(splitWords(in), "|"); got != want {
			t.Errorf("splitWords(%q) = %q, want %q", in, got, want)
		}
	}
}
