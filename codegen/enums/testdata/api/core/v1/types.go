package v1

// Protocol is used by other packages.
// +enum
type Protocol string

const (
	// ProtocolTCP is the TCP protocol.
	ProtocolTCP Protocol = "TCP"
	// ProtocolUDP is the UDP
	// protocol, on two lines.
	ProtocolUDP Protocol = "UDP"
)

// Lone has its marker on the declaration itself, and a later tag line.
// +enum
// +k8s:enum
type Lone string

// LoneValue is the only value.
const LoneValue Lone = "Value"

// NotEnum has no marker: its constants are not values of anything.
type NotEnum string

const NotEnumValue NotEnum = "X"

// Prefix is not an enum: the marker must be exact.
// +enumeration
type Prefix string

const PrefixValue Prefix = "P"

// untyped constants and constants of another type are not values.
const Untyped = "Untyped"

type Inner struct {
	Mode Lone `json:"mode,omitempty"`
}

type Port struct {
	Protocol  Protocol            `json:"protocol"`
	Pointer   *Protocol           `json:"pointer,omitempty"`
	List      []Protocol          `json:"list,omitempty"`
	Map       map[string]Protocol `json:"map,omitempty"`
	Plain     string              `json:"plain"`
	Other     NotEnum             `json:"other"`
	Prefixed  Prefix              `json:"prefixed"`
	Skipped   Protocol            `json:"-"`
	AsString  Protocol            `json:"asString,string"`
	Inner     `json:",inline"`
	unexposed Protocol
}
