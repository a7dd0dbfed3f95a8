// The .ebpf rule language's syntax (docs/LANGUAGE.md). The visitor in EbpfModelBuilder turns a
// parse tree into the rule model of the dsl module; literal values are checked there, not here.
parser grammar EbpfParser;

options { tokenVocab = EbpfLexer; }

script : item* EOF ;

item
    : setDeclaration
    | program
    | SEMI
    ;

setDeclaration
    : SET name=NAME ASSIGN setLiteral            # inlineSet
    | SET name=NAME ASSIGN FILE path=STRING      # fileSet
    ;

program : hook block ;

hook
    : XDP name=NAME?                                     # xdpHook
    | TC direction=(INGRESS | EGRESS) name=NAME?         # tcHook
    | SOCKET name=NAME?                                  # socketHook
    | CGROUP kind=(INGRESS | EGRESS | DEVICE) name=NAME? # cgroupHook
    | probe=(KPROBE | KRETPROBE) symbol=NAME             # kprobeHook
    | probe=(UPROBE | URETPROBE) path=STRING symbol=NAME # uprobeHook
    | TRACEPOINT event=TRACEPOINT_ID                     # tracepointHook
    | PROFILE unit=NAME rate=integer                     # profileHook
    ;

block : LBRACE statement* RBRACE ;

statement
    : WHEN expr block                                    # whenStatement
    | verdict                                            # verdictStatement
    | COUNT name=NAME (BY key)?                          # countStatement
    | SUM name=NAME expr (BY key)?                       # sumStatement
    | HIST name=NAME expr (BY key)?                      # histStatement
    | PRINT format=STRING (COMMA expr)*                  # printStatement
    | SEMI                                               # emptyStatement
    ;

verdict
    : PASS                                               # passVerdict
    | DROP                                               # dropVerdict
    | TX                                                 # txVerdict
    | ABORT                                              # abortVerdict
    | REDIRECT target=(NAME | STRING)                    # redirectVerdict
    | TRUNCATE integer                                   # truncateVerdict
    ;

key
    : LPAREN expr (COMMA expr)+ RPAREN                   # tupleKey
    | expr                                               # singleKey
    ;

// Alternatives from the tightest binding to the loosest (docs/LANGUAGE.md, "Expressions").
expr
    : primary                                            # primaryExpr
    | expr op=(STAR | SLASH | PERCENT) expr              # multiplicativeExpr
    | expr op=(PLUS | MINUS) expr                        # additiveExpr
    | expr op=(SHL | SHR) expr                           # shiftExpr
    | expr AMP expr                                      # bitAndExpr
    | expr PIPE expr                                     # bitOrExpr
    | expr op=(EQ | NE | LT | LE | GT | GE) expr         # comparisonExpr
    | expr negated=NOT? IN setOperand                    # inExpr
    | (NOT | BANG) expr                                  # notExpr
    | expr (AND | ANDAND) expr                           # andExpr
    | expr (OR | OROR) expr                              # orExpr
    ;

setOperand
    : setLiteral                                         # inlineSetOperand
    | range                                              # rangeOperand
    | address                                            # addressOperand
    | NAME                                               # namedSetOperand
    ;

setLiteral : LBRACE (setMember (COMMA setMember)*)? COMMA? RBRACE ;

setMember
    : range                                              # rangeMember
    | integer                                            # integerMember
    | address                                            # addressMember
    ;

range : lo=integer DOTDOT hi=integer ;

primary
    : LPAREN expr RPAREN                                 # parenthesised
    | function=NAME LPAREN expr (COMMA expr)* RPAREN     # call
    | header=rawHeader LBRACK offset=expr (COLON size=integer)? RBRACK # rawBytes
    // A second layer (inner.inner.tcp[0]) parses so that the compiler can say one tunnel level is read.
    | layer=NAME (DOT nested+=NAME)* DOT header=rawHeader LBRACK offset=expr (COLON size=integer)? RBRACK # layeredRawBytes
    | protocol (DOT field=NAME)?                         # protocolField
    | layer=NAME (DOT nested+=NAME)* DOT protocol (DOT field=NAME)? # layeredField
    | NAME (DOT NAME)*                                   # namedField
    | integer                                            # integerLiteral
    | address                                            # addressLiteral
    | STRING                                             # stringLiteral
    | PCAP STRING                                        # pcapFilter
    ;

// Raw bytes name any protocol or name here; the compiler says which headers it reads.
rawHeader : protocol | NAME ;

protocol : ETH | VLAN | ARP | IP | IP6 | TCP | UDP | ICMP | ICMP6 | SCTP | GRE | FRAG ;

integer : DECIMAL | HEX ;

// IPv4 and CIDR, IPv6 (every :: form, embedded IPv4), MAC: the visitor parses and checks the text.
address : IPV4 | COLON_ADDRESS ;

