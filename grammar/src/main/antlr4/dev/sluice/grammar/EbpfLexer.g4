// Tokens of the .ebpf rule language (docs/LANGUAGE.md, "Lexical rules").
lexer grammar EbpfLexer;

// Keywords (reserved words).
SET : 'set' ;
FILE : 'file' ;
XDP : 'xdp' ;
TC : 'tc' ;
SOCKET : 'socket' ;
CGROUP : 'cgroup' ;
INGRESS : 'ingress' ;
EGRESS : 'egress' ;
DEVICE : 'device' ;
KPROBE : 'kprobe' ;
KRETPROBE : 'kretprobe' ;
UPROBE : 'uprobe' ;
URETPROBE : 'uretprobe' ;
TRACEPOINT : 'tracepoint' -> pushMode(TRACEPOINT_NAME) ;
PROFILE : 'profile' ;
WHEN : 'when' ;
PCAP : 'pcap' ;
COUNT : 'count' ;
SUM : 'sum' ;
HIST : 'hist' ;
PRINT : 'print' ;
BY : 'by' ;
PASS : 'pass' ;
DROP : 'drop' ;
TX : 'tx' ;
ABORT : 'abort' ;
REDIRECT : 'redirect' ;
TRUNCATE : 'truncate' ;
IN : 'in' ;
NOT : 'not' ;
AND : 'and' ;
OR : 'or' ;
ETH : 'eth' ;
VLAN : 'vlan' ;
ARP : 'arp' ;
IP : 'ip' ;
IP6 : 'ip6' ;
TCP : 'tcp' ;
UDP : 'udp' ;
ICMP : 'icmp' ;
ICMP6 : 'icmp6' ;
SCTP : 'sctp' ;
GRE : 'gre' ;
FRAG : 'frag' ;

// Literals. Order matters where lengths tie: an address beats a number, a number beats a name.
IPV4 : DIGITS '.' DIGITS '.' DIGITS '.' DIGITS ('/' DIGITS)? ;
// Every IPv6 or MAC address has two colons or more: one colon alone is raw bytes' OFFSET:SIZE (tcp[12:4]).
COLON_ADDRESS : HEXDIGIT* ':' [0-9a-fA-F.]* ':' [0-9a-fA-F:.]* ('/' DIGITS)? ;
HEX : '0' [xX] HEXDIGIT+ ;
DECIMAL : DIGITS ;
STRING : '"' ('\\' . | ~["\\\r\n])* '"' ;
NAME : [A-Za-z_] [A-Za-z0-9_]* ;

// Punctuation and operators.
DOTDOT : '..' ;
DOT : '.' ;
LBRACE : '{' ;
RBRACE : '}' ;
LPAREN : '(' ;
RPAREN : ')' ;
LBRACK : '[' ;
RBRACK : ']' ;
COLON : ':' ;
COMMA : ',' ;
SEMI : ';' ;
ASSIGN : '=' ;
EQ : '==' ;
NE : '!=' ;
LE : '<=' ;
GE : '>=' ;
SHL : '<<' ;
SHR : '>>' ;
LT : '<' ;
GT : '>' ;
OROR : '||' ;
ANDAND : '&&' ;
PIPE : '|' ;
AMP : '&' ;
BANG : '!' ;
PLUS : '+' ;
MINUS : '-' ;
STAR : '*' ;
SLASH : '/' ;
PERCENT : '%' ;

COMMENT : ('#' | '//') ~[\r\n]* -> skip ;
WS : [ \t\r\n]+ -> skip ;

// Anything else is one bad character, so the parser reports it where it stands.
UNKNOWN_CHAR : . ;

fragment DIGITS : [0-9]+ ;
fragment HEXDIGIT : [0-9a-fA-F] ;

// After `tracepoint`: CATEGORY:EVENT as one token, so the colon is not read as an IPv6 address.
mode TRACEPOINT_NAME;
TRACEPOINT_WS : [ \t\r\n]+ -> skip ;
TRACEPOINT_ID : [A-Za-z_] [A-Za-z0-9_]* ':' [A-Za-z_] [A-Za-z0-9_]* -> popMode ;
TRACEPOINT_BAD : . -> type(UNKNOWN_CHAR), popMode ;
