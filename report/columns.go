package report

import (
	"bytes"
	"encoding/json"
)

// column is one column of a report, declared once and rendered to table,
// CSV, JSON and HTML from the same definition.
type column[R any] struct {
	name  string          // the CSV and JSON name
	head  string          // the table's heading; "" leaves the column out of tables
	right bool            // a number: aligned right in tables
	text  func(*R) string // the cell as text (table, CSV, HTML)
	json  func(*R) any    // the JSON value when it is not the text (null, bool, number); nil = text
}

type columns[R any] []column[R]

func (cs columns[R]) names() []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.name
	}
	return out
}

func (cs columns[R]) cells(r *R) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.text(r)
	}
	return out
}

// table is an empty table of the columns that tables show.
func (cs columns[R]) table() *table {
	t := &table{}
	for _, c := range cs {
		if c.head != "" {
			t.head = append(t.head, c.head)
			t.right = append(t.right, c.right)
		}
	}
	return t
}

func (cs columns[R]) tableCells(r *R) []string {
	var out []string
	for _, c := range cs {
		if c.head != "" {
			out = append(out, c.text(r))
		}
	}
	return out
}

// object is a row as a JSON object with its keys in column order.
func (cs columns[R]) object(r *R) orderedObject {
	o := make(orderedObject, len(cs))
	for i, c := range cs {
		o[i].key = c.name
		if c.json != nil {
			o[i].value = c.json(r)
		} else {
			o[i].value = c.text(r)
		}
	}
	return o
}

// orderedObject is a JSON object whose keys keep their order.
type orderedObject []struct {
	key   string
	value any
}

// MarshalJSON writes the object with its keys in order.
func (o orderedObject) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, kv := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(kv.key)
		if err != nil {
			return nil, err
		}
		v, err := json.Marshal(kv.value)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}
