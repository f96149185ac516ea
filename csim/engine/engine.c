/* engine.c - the engine registry, and a layer's tile built from its parameters */
#include "xtile/engine.h"

#include "xtile/err.h"
#include "xtile/rng.h"
#include "xtile/tile_top.h"

#include <string.h>

/* In the order of enum xt_engine_kind (and of the engine.kind key's choices). */
static const struct xt_engine_ops *const engines[XT_ENGINES] = {
    [XT_ENGINE_FAST] = &xt_engine_fast,
    [XT_ENGINE_CYCLE] = &xt_engine_cycle,
    [XT_ENGINE_RTL] = &xt_engine_rtl,
};

const struct xt_engine_ops *xt_engine_get(int kind)
{
    return kind >= 0 && kind < XT_ENGINES ? engines[kind] : NULL;
}

struct clt_setup xt_tile_clt_setup(const struct xt_tile_cfg *tc, const struct clt_cfg *clt,
                                   const struct arr_enc *enc, const struct nvm_par *msp,
                                   const struct nvm_par *lsp)
{
    return (struct clt_setup){
        .clt = clt,
        .enc = enc,
        .msp = arr_enc_four(enc) ? msp : lsp, /* 2dev has no MSP class */
        .lsp = lsp,
        .read_cycles = (1 << tc->x_bits) - 1,
        .adc_share = tc->adc_share,
    };
}

int xt_tile_init(struct xt_tile *t, const struct xt_tile_setup *s)
{
    const struct xt_tile_cfg *tc = s->tile;
    struct arr_par ap = {
        .id = s->layer,
        .rows = s->rows,
        .cols = s->cols,
        .enc = *s->enc,
        .msp = s->msp,
        .lsp = s->lsp,
        .seed = s->seed,
        .dev_base = s->dev_base,
        .v_read = tc->v_read,
        .clk_mhz = tc->clk_mhz,
    };
    struct clt_setup cs = xt_tile_clt_setup(tc, s->clt, s->enc, s->msp->par, s->lsp->par);
    uint32_t seedw[4];
    int ret;

    memset(t, 0, sizeof *t);
    if ((ret = arr_init(&t->arr, &ap)) != 0)
        goto out_free;
    xt_rng_block(s->seed, XT_STREAM_LFSR, (uint32_t)s->layer, 0, seedw);
    t->olt_base = seedw[0];
    if ((ret = olt_init(&t->olt, s->rows, s->cols, s->olt->bl, s->olt->scheme, seedw[0])) != 0)
        goto out_free;
    t->x_max = (1 << tc->x_bits) - 1;
    t->adc_share = tc->adc_share;
    t->set_cycles = tc->set_cycles;
    t->d_max = (1 << tc->d_bits) - 1;
    if (tc->adc_bwd_bits == 1) {
        ret = xt_fail(XT_EINVAL, "tile.adc_bwd_bits: 1 bit is no ramp ADC (0 for tile.adc_bits, "
                                 "or 2..16)");
        goto out_free;
    }
    adc_init(&t->adc_fwd, tc->adc_bits, (float)(tc->adc_fwd_range * t->x_max));
    adc_init(&t->adc_bwd, tc->adc_bwd_bits ? tc->adc_bwd_bits : tc->adc_bits,
             (float)(tc->adc_bwd_range * t->d_max));
    if ((ret = clt_params_init(&t->clt, &cs)) != 0 ||
        (ret = clt_work_alloc(&t->clt, s->rows, s->cols, xt_pool_parts(s->pool))) != 0)
        goto out_free;
    t->ops = s->ops;
    t->prof = s->prof;
    t->pool = s->pool;
    if ((ret = s->ops->attach(t)) != 0) {
        t->ops = NULL;
        goto out_free;
    }
    return 0;

out_free:
    xt_tile_free(t);
    return ret;
}

void xt_tile_free(struct xt_tile *t)
{
    if (t->ops)
        t->ops->detach(t);
    olt_free(&t->olt);
    clt_work_free(&t->clt);
    arr_free(&t->arr);
    memset(t, 0, sizeof *t);
}

void xt_tile_widths(const struct xt_tile *t, int *code_w, int *adc_w)
{
    tile_top_widths(t->x_max, t->d_max, t->adc_fwd.bits, t->adc_bwd.bits, t->clt.adc.bits, code_w,
                    adc_w);
}
