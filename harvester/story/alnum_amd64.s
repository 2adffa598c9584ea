//go:build !purego

#include "textflag.h"

// Constants of alnumBlocks, sixteen bytes each.
DATA alnumCase<>+0(SB)/8, $0x2020202020202020
DATA alnumCase<>+8(SB)/8, $0x2020202020202020
GLOBL alnumCase<>(SB), RODATA|NOPTR, $16
DATA alnumLetter<>+0(SB)/8, $0x1f1f1f1f1f1f1f1f
DATA alnumLetter<>+8(SB)/8, $0x1f1f1f1f1f1f1f1f
GLOBL alnumLetter<>(SB), RODATA|NOPTR, $16
DATA alnumLetters<>+0(SB)/8, $0x9a9a9a9a9a9a9a9a
DATA alnumLetters<>+8(SB)/8, $0x9a9a9a9a9a9a9a9a
GLOBL alnumLetters<>(SB), RODATA|NOPTR, $16
DATA alnumDigit<>+0(SB)/8, $0x5050505050505050
DATA alnumDigit<>+8(SB)/8, $0x5050505050505050
GLOBL alnumDigit<>(SB), RODATA|NOPTR, $16
DATA alnumDigits<>+0(SB)/8, $0x8a8a8a8a8a8a8a8a
DATA alnumDigits<>+8(SB)/8, $0x8a8a8a8a8a8a8a8a
GLOBL alnumDigits<>(SB), RODATA|NOPTR, $16
DATA alnumSpace<>+0(SB)/8, $0x2020202020202020
DATA alnumSpace<>+8(SB)/8, $0x2020202020202020
GLOBL alnumSpace<>(SB), RODATA|NOPTR, $16

// ALNUM16 sets the low 16 bits of reg to the bitmap of the ASCII letters
// and digits of the 16 bytes at off(SI), and those of sreg to the bitmap
// of their spaces. A byte c is a letter when
// (c|0x20)+0x1f, read as signed, is under -102 (0x9a), and a digit when
// c+0x50 is under -118 (0x8a): adding 0x80-'a' or 0x80-'0' moves the range
// to the bottom of the signed bytes.
#define ALNUM16(off, reg, sreg) \
	MOVOU off(SI), X0 \
	MOVO  X0, X1 \
	MOVO  X0, X4 \
	PCMPEQB X13, X4 \
	PMOVMSKB X4, sreg \
	POR   X8, X1 \
	PADDB X9, X1 \
	MOVO  X10, X2 \
	PCMPGTB X1, X2 \
	PADDB X11, X0 \
	MOVO  X12, X3 \
	PCMPGTB X0, X3 \
	POR   X3, X2 \
	PMOVMSKB X2, reg

// func alnumBlocksSSE2(in, sp []uint64, text string)
TEXT ·alnumBlocksSSE2(SB), NOSPLIT, $0-64
	MOVQ in_base+0(FP), DI
	MOVQ in_len+8(FP), CX
	MOVQ sp_base+24(FP), R8
	MOVQ text_base+48(FP), SI
	MOVOU alnumSpace<>(SB), X13
	MOVOU alnumCase<>(SB), X8
	MOVOU alnumLetter<>(SB), X9
	MOVOU alnumLetters<>(SB), X10
	MOVOU alnumDigit<>(SB), X11
	MOVOU alnumDigits<>(SB), X12
	TESTQ CX, CX
	JZ    done

loop:
	ALNUM16(0, AX, DX)
	ALNUM16(16, BX, R9)
	SHLQ $16, BX
	ORQ  BX, AX
	SHLQ $16, R9
	ORQ  R9, DX
	ALNUM16(32, BX, R9)
	SHLQ $32, BX
	ORQ  BX, AX
	SHLQ $32, R9
	ORQ  R9, DX
	ALNUM16(48, BX, R9)
	SHLQ $48, BX
	ORQ  BX, AX
	SHLQ $48, R9
	ORQ  R9, DX
	MOVQ AX, (DI)
	MOVQ DX, (R8)
	ADDQ $64, SI
	ADDQ $8, DI
	ADDQ $8, R8
	DECQ CX
	JNZ  loop

done:
	RET
