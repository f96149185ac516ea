/* encodings.c - prints every constant the RTL shares with the C model, "NAME VALUE" per line */
#include "xtile/array.h"
#include "xtile/config.h"
#include "xtile/olt.h"
#include "xtile/port.h"
#include "xtile/tile_adc_rd.h"
#include "xtile/tile_pulse_seq.h"
#include "xtile/tile_top.h"
#include "xtile/tile_wxfer_ctl.h"

#include <stdio.h>

#define P(name) printf("%s %lld\n", #name, (long long)(name))

int main(void)
{
    P(SEQ_IDLE), P(SEQ_PWM), P(SEQ_SLOT), P(SEQ_HOLD), P(SEQ_DONE);
    P(SEQ_FWD), P(SEQ_BWD), P(SEQ_UPD);
    P(SEQ_OP_NOP), P(SEQ_OP_READ), P(SEQ_OP_SET);
    P(OLT_TAPS);
    P(ADC_IDLE), P(ADC_SAMPLE), P(ADC_RAMP), P(ADC_DONE);
    P(WX_IDLE), P(WX_ROW), P(WX_PWM), P(WX_PWM_DONE), P(WX_ADC), P(WX_RESET_L), P(WX_RESET_M);
    P(WX_ITER), P(WX_DECIDE), P(WX_RESTART), P(WX_SET), P(WX_NEXT), P(WX_IDEAL), P(WX_ROW_END);
    P(WX_DONE), P(WX_KEEP);
    P(WX_RD_T), P(WX_RD_D0), P(WX_RD_D1), P(WX_RD_M);
    P(WX_OP_NOP), P(WX_OP_READ), P(WX_OP_SET), P(WX_OP_RESET), P(WX_OP_IDEAL), P(WX_OP_SWAP);
    P(WX_ST_WEIGHTS), P(WX_ST_CHECKED), P(WX_ST_NOT_CONVERGED), P(WX_ST_ITERATIONS);
    P(WX_ST_READS), P(WX_ST_SET_PULSES), P(WX_ST_RESETS), P(WX_ST_RESTART_ITERS);
    P(WX_ST_SET_ITERS), P(WX_ST_RESTARTS), P(WX_ST_LSP_KEPT);
    P(ARR_SEL_ALL), P(ARR_SEL_MSP), P(ARR_SEL_DEV0);
    P(CLT_STRAT_RESET), P(CLT_STRAT_TARGET), P(CLT_STRAT_IDEAL);
    P(CLT_NONE), P(CLT_PLUS), P(CLT_MINUS);
    P(TOP_IDLE), P(TOP_FWD), P(TOP_BWD), P(TOP_UPD), P(TOP_XFER);
    P(TOP_REG_CMD), P(TOP_REG_STATUS), P(TOP_REG_OLT), P(TOP_REG_SEED), P(TOP_REG_CNT);
    P(TOP_CNT_SET), P(TOP_CNT_RESET), P(TOP_CNTS), P(TOP_REG_COUNTERS);
    P(PORT_NOP), P(PORT_SET), P(PORT_RESET), P(PORT_IDEAL);
    P(PORT_FWD), P(PORT_BWD), P(PORT_ROW);
    return 0;
}
