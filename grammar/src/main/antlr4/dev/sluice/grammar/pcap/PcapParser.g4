// pcap-filter's syntax as libpcap's grammar.y has it for Ethernet: `and` and `or` share one
// precedence, left to right, and a bare value after them (`host a or b`) takes the qualifiers of
// the primitive before it. PcapModelBuilder turns the tree into the dsl's PcapExpr and refuses
// what a packet filter cannot do, with the column.
parser grammar PcapParser;

options { tokenVocab = PcapLexer; }

filter : expr? EOF ;

expr : term (logic continuation)* ;

logic : AND | OR ;

continuation
    : term                                               # termContinuation
    | value                                              # valueContinuation
    ;

term
    : NOT term                                           # notTerm
    | LPAREN expr RPAREN                                 # groupTerm
    | head value                                         # qualifiedTerm
    | arith relop arith                                  # relationTerm
    | pname                                              # protocolTerm
    | other                                              # otherTerm
    ;

head : pname? (dqual akind? | akind | PROTO | PROTOCHAIN | GATEWAY) ;

dqual
    : SRC OR DST | DST OR SRC | SRC AND DST | DST AND SRC | SRC | DST
    | WLAN_WORD
    ;

akind : HOST | NET | PORT | PORTRANGE ;

pname : LINK | IP | ARP | RARP | SCTP | TCP | UDP | ICMP | IGMP | IGRP | PIM | VRRP | CARP | IP6 | ICMP6 | AH | ESP
    | OTHER_PROTOCOL ;

other
    : pname? BROADCAST                                   # broadcast
    | pname? MULTICAST                                   # multicast
    | LESS number                                        # less
    | GREATER number                                     # greater
    | VLAN pnum?                                         # vlan
    | MPLS pnum?                                         # mpls
    | PPPOED                                             # pppoed
    | PPPOES pnum?                                       # pppoes
    | GENEVE pnum?                                       # geneve
    | BYTE index=number byteop operand=number             # byteTest
    ;

pnum : number | LPAREN pnum RPAREN ;

value
    : NOT value                                          # notValue
    | LPAREN value (logic value)* RPAREN                 # valueGroup
    | address                                            # addressValue
    ;

address
    : HID (SLASH number | MASK HID)?                     # ipv4Address
    | HID6 (SLASH number)?                               # ipv6Address
    | number                                             # numberAddress
    | MAC                                                # macAddress
    | (ID | ESCAPED_ID)                                  # nameAddress
    ;

byteop : AMP | PIPE | LT | GT | EQ ;

relop : GT | GE | EQ | NE | LT | LE ;

arith
    : MINUS arith                                        # negate
    | arith op=(STAR | SLASH | PERCENT) arith            # multiplicative
    | arith op=(PLUS | MINUS) arith                      # additive
    | arith op=(LSH | RSH) arith                         # shift
    | arith AMP arith                                    # bitAnd
    | arith op=(PIPE | CARET) arith                      # bitOr
    | pname LBRACK arith (COLON size=number)? RBRACK     # load
    | LEN                                                # length
    | number                                             # constant
    | LPAREN arith RPAREN                                # parenArith
    ;

number : NUM | NAMED_NUMBER ;
