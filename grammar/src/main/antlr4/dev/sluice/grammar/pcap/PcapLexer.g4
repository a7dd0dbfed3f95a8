// The words of pcap-filter, tcpdump's filter language, as libpcap's scanner splits them: keywords
// are case-sensitive, the longest match wins and, at equal length, the rule written first.
lexer grammar PcapLexer;

WS : [ \t\r\n]+ -> skip ;

DST : 'dst' ;
SRC : 'src' ;
LINK : 'link' | 'ether' | 'ppp' | 'slip' | 'fddi' | 'tr' | 'wlan' ;
ARP : 'arp' ;
RARP : 'rarp' ;
IP : 'ip' ;
SCTP : 'sctp' ;
TCP : 'tcp' ;
UDP : 'udp' ;
ICMP : 'icmp' ;
IGMP : 'igmp' ;
IGRP : 'igrp' ;
PIM : 'pim' ;
VRRP : 'vrrp' ;
CARP : 'carp' ;
IP6 : 'ip6' ;
ICMP6 : 'icmp6' ;
AH : 'ah' ;
ESP : 'esp' ;
// Protocol families libpcap knows that Sluice does not compile (LLC/SNAP, OSI, AppleTalk, ...).
OTHER_PROTOCOL : 'radio' | 'atalk' | 'aarp' | 'decnet' | 'lat' | 'sca' | 'moprc' | 'mopdl' | 'iso' | 'esis' | 'es-is'
    | 'isis' | 'is-is' | 'l1' | 'l2' | 'iih' | 'lsp' | 'snp' | 'csnp' | 'psnp' | 'clnp' | 'stp' | 'ipx' | 'netbeui' ;
HOST : 'host' ;
NET : 'net' ;
MASK : 'mask' ;
PORT : 'port' ;
PORTRANGE : 'portrange' ;
PROTO : 'proto' ;
PROTOCHAIN : 'protochain' ;
GATEWAY : 'gateway' ;
// 802.11 qualifiers: no meaning on Ethernet.
WLAN_WORD : 'type' | 'subtype' | 'direction' | 'dir' | 'address1' | 'addr1' | 'address2' | 'addr2' | 'address3' | 'addr3'
    | 'address4' | 'addr4' | 'ra' | 'ta' ;
LESS : 'less' ;
GREATER : 'greater' ;
BYTE : 'byte' ;
BROADCAST : 'broadcast' ;
MULTICAST : 'multicast' ;
AND : 'and' | '&&' ;
OR : 'or' | '||' ;
NOT : 'not' | '!' ;
LEN : 'len' | 'length' ;
INBOUND : 'inbound' ;
OUTBOUND : 'outbound' ;
IFINDEX : 'ifindex' ;
VLAN : 'vlan' ;
MPLS : 'mpls' ;
PPPOED : 'pppoed' ;
PPPOES : 'pppoes' ;
GENEVE : 'geneve' ;
// ATM, LLC, pf, MTP2/MTP3 words: other link types or capture metadata.
OTHER_WORD : 'lane' | 'llc' | 'metac' | 'bcc' | 'oam' | 'oamf4' | 'oamf4ec' | 'oamf4sc' | 'sc' | 'ilmic' | 'vpi' | 'vci'
    | 'connectmsg' | 'metaconnect' | 'on' | 'ifname' | 'rset' | 'ruleset' | 'rnr' | 'rulenum' | 'srnr' | 'subrulenum'
    | 'reason' | 'action' | 'fisu' | 'lssu' | 'lsu' | 'msu' | 'hfisu' | 'hlssu' | 'hmsu' | 'sio' | 'opc' | 'dpc' | 'sls'
    | 'hsio' | 'hopc' | 'hdpc' | 'hsls' ;

GE : '>=' ;
LE : '<=' ;
NE : '!=' ;
EQ : '=' | '==' ;
LSH : '<<' ;
RSH : '>>' ;
GT : '>' ;
LT : '<' ;
PLUS : '+' ;
MINUS : '-' ;
STAR : '*' ;
SLASH : '/' ;
PERCENT : '%' ;
COLON : ':' ;
LBRACK : '[' ;
RBRACK : ']' ;
LPAREN : '(' ;
RPAREN : ')' ;
AMP : '&' ;
PIPE : '|' ;
CARET : '^' ;

AID : '$' B ;
MAC : B ':' B ':' B ':' B ':' B ':' B | B '-' B '-' B '-' B '-' B '-' B | B '.' B '.' B '.' B '.' B '.' B
    | W4 '.' W4 '.' W4 | W4 W4 W4 ;
NUM : N ;
HID : N '.' N | N '.' N '.' N | N '.' N '.' N '.' N ;
// IPv6 text forms (with "::" or eight groups), checked by the model builder; six one- or
// two-digit groups are a MAC above.
HID6 : [0-9A-Fa-f:]* '::' [0-9A-Fa-f:.]* | W ':' W ':' W ':' W ':' W ':' W ':' W ':' W
    | W ':' W ':' W ':' W ':' W ':' W ':' D '.' D '.' D '.' D ;
// Names libpcap turns into numbers.
NAMED_NUMBER : 'icmptype' | 'icmpcode' | 'icmp-' [a-z]+ | 'icmp6type' | 'icmp6code' | 'icmp6-' [a-z0-9]+ | 'tcpflags'
    | 'tcp-' [a-z]+ ;
ID : [A-Za-z0-9] ([-_.A-Za-z0-9]* [.A-Za-z0-9])? ;
ESCAPED_ID : '\\' ~[ !()\n\t]+ ;
ERROR_CHAR : . ;

fragment N : [0-9]+ | '0' [xX] [0-9A-Fa-f]+ ;
fragment B : [0-9A-Fa-f] [0-9A-Fa-f]? ;
fragment W : [0-9A-Fa-f] [0-9A-Fa-f]? [0-9A-Fa-f]? [0-9A-Fa-f]? ;
fragment D : [0-9]+ ;
fragment W4 : [0-9A-Fa-f] [0-9A-Fa-f] [0-9A-Fa-f] [0-9A-Fa-f] ;
