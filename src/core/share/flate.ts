/* eslint-disable */
// @ts-nocheck -- adapted third-party code (fflate 0.8.3, MIT); kept close to the original so it can be compared line by line.
/**
 * Raw DEFLATE without garbage: fflate's `inflt` and `dflt` (https://github.com/101arrowz/fflate,
 * MIT License, Copyright (c) 2023 Arjun Barrett), changed only where they allocate. fflate makes
 * new tables for every deflate block it reads (two of up to 64 KiB) and, per deflateSync call,
 * an output buffer the size of the input, a hash table of up to 2 MiB and a copy of the result.
 * In a worker that garbage is freed only when V8 next collects, after about 64 MB of it, so an
 * archive's import or export held up to 64 MB more than it used. Here the tables and buffers
 * belong to an Inflater or Deflater and are reused from member to member; the caller gives the
 * output buffer. The algorithms, their output and their error checks are fflate's.
 */

var u8 = Uint8Array,
  u16 = Uint16Array,
  i32 = Int32Array;
// fixed length extra bits
var fleb = new u8([
  0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0, 0, 0, 0,
]);
// fixed distance extra bits
var fdeb = new u8([
  0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 0, 0,
]);
// code length index map
var clim = new u8([16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]);
var freb = function (eb, start) {
  var b = new u16(31);
  for (var i = 0; i < 31; ++i) b[i] = start += 1 << eb[i - 1];
  var r = new i32(b[30]);
  for (var i = 1; i < 30; ++i) for (var j = b[i]; j < b[i + 1]; ++j) r[j] = ((j - b[i]) << 5) | i;
  return { b: b, r: r };
};
var _a = freb(fleb, 2),
  fl = _a.b,
  revfl = _a.r;
((fl[28] = 258), (revfl[258] = 28));
var _b = freb(fdeb, 0),
  fd = _b.b,
  revfd = _b.r;
var rev = new u16(32768);
for (var i = 0; i < 32768; ++i) {
  var x = ((i & 0xaaaa) >> 1) | ((i & 0x5555) << 1);
  x = ((x & 0xcccc) >> 2) | ((x & 0x3333) << 2);
  x = ((x & 0xf0f0) >> 4) | ((x & 0x0f0f) << 4);
  rev[i] = (((x & 0xff00) >> 8) | ((x & 0x00ff) << 8)) >> 1;
}
// Huffman map from code lengths. CHANGED: `into`, when given, receives the map (zeroed first,
// so codes not assigned still read as 0, which the inflater reports as invalid).
var hMap = function (cd, mb, r, into) {
  var s = cd.length;
  var i = 0;
  var l = new u16(mb);
  for (; i < s; ++i) if (cd[i]) ++l[cd[i] - 1];
  var le = new u16(mb);
  for (i = 1; i < mb; ++i) le[i] = (le[i - 1] + l[i - 1]) << 1;
  var co;
  if (r) {
    co = into ? into.subarray(0, 1 << mb).fill(0) : new u16(1 << mb);
    var rvb = 15 - mb;
    for (i = 0; i < s; ++i) {
      if (cd[i]) {
        var sv = (i << 4) | cd[i];
        var r_1 = mb - cd[i];
        var v = le[cd[i] - 1]++ << r_1;
        for (var m = v | ((1 << r_1) - 1); v <= m; ++v) co[rev[v] >> rvb] = sv;
      }
    }
  } else {
    co = new u16(s);
    for (i = 0; i < s; ++i) if (cd[i]) co[i] = rev[le[cd[i] - 1]++] >> (15 - cd[i]);
  }
  return co;
};
var flt = new u8(288);
for (var i = 0; i < 144; ++i) flt[i] = 8;
for (var i = 144; i < 256; ++i) flt[i] = 9;
for (var i = 256; i < 280; ++i) flt[i] = 7;
for (var i = 280; i < 288; ++i) flt[i] = 8;
var fdt = new u8(32);
for (var i = 0; i < 32; ++i) fdt[i] = 5;
var flm = hMap(flt, 9, 0),
  flrm = hMap(flt, 9, 1);
var fdm = hMap(fdt, 5, 0),
  fdrm = hMap(fdt, 5, 1);
var max = function (a) {
  var m = a[0];
  for (var i = 1; i < a.length; ++i) if (a[i] > m) m = a[i];
  return m;
};
var bits = function (d, p, m) {
  var o = (p / 8) | 0;
  return ((d[o] | (d[o + 1] << 8)) >> (p & 7)) & m;
};
var bits16 = function (d, p) {
  var o = (p / 8) | 0;
  return (d[o] | (d[o + 1] << 8) | (d[o + 2] << 16)) >> (p & 7);
};
var shft = function (p) {
  return ((p + 7) / 8) | 0;
};
var ec = ['unexpected EOF', 'invalid block type', 'invalid length/literal', 'invalid distance'];
var err = function (ind) {
  var e = new Error(ec[ind]);
  e.code = ind;
  throw e;
};

/**
 * fflate's inflt for one whole raw DEFLATE stream into `buf`, which it never writes past (it
 * returns `buf` whole when the data inflates to more). CHANGED: no streaming state, no
 * dictionary, no resizing; the tables of dynamic blocks are `t`'s, reused.
 */
var inflt = function (dat, buf, t) {
  var sl = dat.length;
  if (!sl) return buf.subarray(0, 0);
  var final = 0,
    pos = 0,
    bt = 0,
    lm,
    dm,
    lbt,
    dbt;
  var tbts = sl * 8;
  do {
    final = bits(dat, pos, 1);
    var type = bits(dat, pos + 1, 3);
    pos += 3;
    if (!type) {
      var s = shft(pos) + 4,
        l = dat[s - 4] | (dat[s - 3] << 8),
        tt = s + l;
      if (tt > sl) err(0);
      // CHANGED: fflate resizes or throws here; this copies what fits (the caller sees it full).
      if (bt < buf.length) buf.set(dat.subarray(s, Math.min(tt, s + buf.length - bt)), bt);
      bt += l;
      pos = tt * 8;
      continue;
    } else if (type == 1) ((lm = flrm), (dm = fdrm), (lbt = 9), (dbt = 5));
    else if (type == 2) {
      var hLit = bits(dat, pos, 31) + 257,
        hcLen = bits(dat, pos + 10, 15) + 4;
      var tl = hLit + bits(dat, pos + 5, 31) + 1;
      pos += 14;
      var ldt = t.ldt.subarray(0, tl);
      var clt = new u8(19);
      for (var i = 0; i < hcLen; ++i) clt[clim[i]] = bits(dat, pos + i * 3, 7);
      pos += hcLen * 3;
      var clb = max(clt),
        clbmsk = (1 << clb) - 1;
      var clm = hMap(clt, clb, 1, t.clm);
      for (var i = 0; i < tl;) {
        var r = clm[bits(dat, pos, clbmsk)];
        pos += r & 15;
        var s = r >> 4;
        if (s < 16) ldt[i++] = s;
        else {
          var c = 0,
            n = 0;
          if (s == 16) ((n = 3 + bits(dat, pos, 3)), (pos += 2), (c = ldt[i - 1]));
          else if (s == 17) ((n = 3 + bits(dat, pos, 7)), (pos += 3));
          else if (s == 18) ((n = 11 + bits(dat, pos, 127)), (pos += 7));
          while (n--) ldt[i++] = c;
        }
      }
      var lt = ldt.subarray(0, hLit),
        dt = ldt.subarray(hLit);
      lbt = max(lt);
      dbt = max(dt);
      lm = hMap(lt, lbt, 1, t.lm);
      dm = hMap(dt, dbt, 1, t.dm);
    } else err(1);
    if (pos > tbts) err(0);
    var lms = (1 << lbt) - 1,
      dms = (1 << dbt) - 1;
    for (;;) {
      var c = lm[bits16(dat, pos) & lms],
        sym = c >> 4;
      pos += c & 15;
      if (pos > tbts) err(0);
      if (!c) err(2);
      if (sym < 256) buf[bt++] = sym;
      else if (sym == 256) {
        lm = null;
        break;
      } else {
        var add = sym - 254;
        if (sym > 264) {
          var i = sym - 257,
            b = fleb[i];
          add = bits(dat, pos, (1 << b) - 1) + fl[i];
          pos += b;
        }
        var d = dm[bits16(dat, pos) & dms],
          dsym = d >> 4;
        if (!d) err(3);
        pos += d & 15;
        var dt = fd[dsym];
        if (dsym > 3) {
          var b = fdeb[dsym];
          ((dt += bits16(dat, pos) & ((1 << b) - 1)), (pos += b));
        }
        if (pos > tbts) err(0);
        var end = bt + add;
        if (bt < dt) err(3);
        for (; bt < end; ++bt) buf[bt] = buf[bt - dt];
      }
    }
  } while (!final);
  return buf.subarray(0, Math.min(bt, buf.length));
};

/** Inflates whole raw DEFLATE streams, reusing its tables from one to the next. */
export class Inflater {
  readonly #t = { lm: new u16(32768), dm: new u16(32768), clm: new u16(128), ldt: new u8(320) };
  /**
   * Inflates `data` into `out` and returns the part written; never writes past `out` (returns it
   * whole when the data inflates to more — give one byte of room to tell). Throws an Error on
   * damaged or truncated data.
   */
  inflate(data: Uint8Array, out: Uint8Array): Uint8Array {
    return inflt(data, out, this.#t);
  }
}

var wbits = function (d, p, v) {
  v <<= p & 7;
  var o = (p / 8) | 0;
  d[o] |= v;
  d[o + 1] |= v >> 8;
};
var wbits16 = function (d, p, v) {
  v <<= p & 7;
  var o = (p / 8) | 0;
  d[o] |= v;
  d[o + 1] |= v >> 8;
  d[o + 2] |= v >> 16;
};
var et = new u8(0);
// code lengths from a frequency table
var hTree = function (d, mb) {
  var t = [];
  for (var i = 0; i < d.length; ++i) if (d[i]) t.push({ s: i, f: d[i] });
  var s = t.length;
  var t2 = t.slice();
  if (!s) return { t: et, l: 0 };
  if (s == 1) {
    var v = new u8(t[0].s + 1);
    v[t[0].s] = 1;
    return { t: v, l: 1 };
  }
  t.sort(function (a, b) {
    return a.f - b.f;
  });
  t.push({ s: -1, f: 25001 });
  var l = t[0],
    r = t[1],
    i0 = 0,
    i1 = 1,
    i2 = 2;
  t[0] = { s: -1, f: l.f + r.f, l: l, r: r };
  while (i1 != s - 1) {
    l = t[t[i0].f < t[i2].f ? i0++ : i2++];
    r = t[i0 != i1 && t[i0].f < t[i2].f ? i0++ : i2++];
    t[i1++] = { s: -1, f: l.f + r.f, l: l, r: r };
  }
  var maxSym = t2[0].s;
  for (var i = 1; i < s; ++i) if (t2[i].s > maxSym) maxSym = t2[i].s;
  var tr = new u16(maxSym + 1);
  var mbt = ln(t[i1 - 1], tr, 0);
  if (mbt > mb) {
    var i = 0,
      dt = 0;
    var lft = mbt - mb,
      cst = 1 << lft;
    t2.sort(function (a, b) {
      return tr[b.s] - tr[a.s] || a.f - b.f;
    });
    for (; i < s; ++i) {
      var i2_1 = t2[i].s;
      if (tr[i2_1] > mb) {
        dt += cst - (1 << (mbt - tr[i2_1]));
        tr[i2_1] = mb;
      } else break;
    }
    dt >>= lft;
    while (dt > 0) {
      var i2_2 = t2[i].s;
      if (tr[i2_2] < mb) dt -= 1 << (mb - tr[i2_2]++ - 1);
      else ++i;
    }
    for (; i >= 0 && dt; --i) {
      var i2_3 = t2[i].s;
      if (tr[i2_3] == mb) {
        --tr[i2_3];
        ++dt;
      }
    }
    mbt = mb;
  }
  return { t: new u8(tr), l: mbt };
};
var ln = function (n, l, d) {
  return n.s == -1 ? Math.max(ln(n.l, l, d + 1), ln(n.r, l, d + 1)) : (l[n.s] = d);
};
var lc = function (c) {
  var s = c.length;
  while (s && !c[--s]);
  var cl = new u16(++s);
  var cli = 0,
    cln = c[0],
    cls = 1;
  var w = function (v) {
    cl[cli++] = v;
  };
  for (var i = 1; i <= s; ++i) {
    if (c[i] == cln && i != s) ++cls;
    else {
      if (!cln && cls > 2) {
        for (; cls > 138; cls -= 138) w(32754);
        if (cls > 2) {
          w(cls > 10 ? ((cls - 11) << 5) | 28690 : ((cls - 3) << 5) | 12305);
          cls = 0;
        }
      } else if (cls > 3) {
        (w(cln), --cls);
        for (; cls > 6; cls -= 6) w(8304);
        if (cls > 2) (w(((cls - 3) << 5) | 8208), (cls = 0));
      }
      while (cls--) w(cln);
      cls = 1;
      cln = c[i];
    }
  }
  return { c: cl.subarray(0, cli), n: s };
};
var clen = function (cf, cl) {
  var l = 0;
  for (var i = 0; i < cl.length; ++i) l += cf[i] * cl[i];
  return l;
};
var wfblk = function (out, pos, dat) {
  var s = dat.length;
  var o = shft(pos + 2);
  out[o] = s & 255;
  out[o + 1] = s >> 8;
  out[o + 2] = out[o] ^ 255;
  out[o + 3] = out[o + 1] ^ 255;
  for (var i = 0; i < s; ++i) out[o + i + 4] = dat[i];
  return (o + 4 + s) * 8;
};
var wblk = function (dat, out, final, syms, lf, df, eb, li, bs, bl, p) {
  wbits(out, p++, final);
  ++lf[256];
  var _a = hTree(lf, 15),
    dlt = _a.t,
    mlb = _a.l;
  var _b = hTree(df, 15),
    ddt = _b.t,
    mdb = _b.l;
  var _c = lc(dlt),
    lclt = _c.c,
    nlc = _c.n;
  var _d = lc(ddt),
    lcdt = _d.c,
    ndc = _d.n;
  var lcfreq = new u16(19);
  for (var i = 0; i < lclt.length; ++i) ++lcfreq[lclt[i] & 31];
  for (var i = 0; i < lcdt.length; ++i) ++lcfreq[lcdt[i] & 31];
  var _e = hTree(lcfreq, 7),
    lct = _e.t,
    mlcb = _e.l;
  var nlcc = 19;
  for (; nlcc > 4 && !lct[clim[nlcc - 1]]; --nlcc);
  var flen = (bl + 5) << 3;
  var ftlen = clen(lf, flt) + clen(df, fdt) + eb;
  var dtlen =
    clen(lf, dlt) +
    clen(df, ddt) +
    eb +
    14 +
    3 * nlcc +
    clen(lcfreq, lct) +
    2 * lcfreq[16] +
    3 * lcfreq[17] +
    7 * lcfreq[18];
  if (bs >= 0 && flen <= ftlen && flen <= dtlen) return wfblk(out, p, dat.subarray(bs, bs + bl));
  var lm, ll, dm, dl;
  (wbits(out, p, 1 + (dtlen < ftlen)), (p += 2));
  if (dtlen < ftlen) {
    ((lm = hMap(dlt, mlb, 0)), (ll = dlt), (dm = hMap(ddt, mdb, 0)), (dl = ddt));
    var llm = hMap(lct, mlcb, 0);
    wbits(out, p, nlc - 257);
    wbits(out, p + 5, ndc - 1);
    wbits(out, p + 10, nlcc - 4);
    p += 14;
    for (var i = 0; i < nlcc; ++i) wbits(out, p + 3 * i, lct[clim[i]]);
    p += 3 * nlcc;
    var lcts = [lclt, lcdt];
    for (var it = 0; it < 2; ++it) {
      var clct = lcts[it];
      for (var i = 0; i < clct.length; ++i) {
        var len = clct[i] & 31;
        (wbits(out, p, llm[len]), (p += lct[len]));
        if (len > 15) (wbits(out, p, (clct[i] >> 5) & 127), (p += clct[i] >> 12));
      }
    }
  } else {
    ((lm = flm), (ll = flt), (dm = fdm), (dl = fdt));
  }
  for (var i = 0; i < li; ++i) {
    var sym = syms[i];
    if (sym > 255) {
      var len = (sym >> 18) & 31;
      (wbits16(out, p, lm[len + 257]), (p += ll[len + 257]));
      if (len > 7) (wbits(out, p, (sym >> 23) & 31), (p += fleb[len]));
      var dst = sym & 31;
      (wbits16(out, p, dm[dst]), (p += dl[dst]));
      if (dst > 3) (wbits16(out, p, (sym >> 5) & 8191), (p += fdeb[dst]));
    } else {
      (wbits16(out, p, lm[sym]), (p += ll[sym]));
    }
  }
  wbits16(out, p, lm[256]);
  return p + ll[256];
};
var deo = new i32([65540, 131080, 131088, 131104, 262176, 1048704, 1048832, 2114560, 2117632]);

/**
 * fflate's dflt for one whole stream (deflateSync's path), writing into `w`, which must be
 * zeroed and hold at least `outBound(dat.length)` bytes. CHANGED: the output, hash chains,
 * symbol buffer and frequency tables are the caller's (`st`), reused; returns the bytes written.
 */
var dflt = function (dat, lvl, plvl, w, st) {
  var s = dat.length;
  var lst = 1;
  var pos = 0;
  if (lvl) {
    var opt = deo[lvl - 1];
    var n = opt >> 13,
      c = opt & 8191;
    var msk_1 = (1 << plvl) - 1;
    var prev = st.prev.fill(0);
    if (st.head.length < msk_1 + 1) st.head = new u16(msk_1 + 1);
    var head = st.head.fill(0, 0, msk_1 + 1);
    var bs1_1 = Math.ceil(plvl / 3),
      bs2_1 = 2 * bs1_1;
    var hsh = function (i) {
      return (dat[i] ^ (dat[i + 1] << bs1_1) ^ (dat[i + 2] << bs2_1)) & msk_1;
    };
    var syms = st.syms;
    var lf = st.lf.fill(0),
      df = st.df.fill(0);
    var lc_1 = 0,
      eb = 0,
      i = 0,
      li = 0,
      wi = 0,
      bs = 0;
    for (; i + 2 < s; ++i) {
      var hv = hsh(i);
      var imod = i & 32767,
        pimod = head[hv];
      prev[imod] = pimod;
      head[hv] = imod;
      if (wi <= i) {
        var rem = s - i;
        if ((lc_1 > 7000 || li > 24576) && (rem > 423 || !lst)) {
          pos = wblk(dat, w, 0, syms, lf, df, eb, li, bs, i - bs, pos);
          ((li = lc_1 = eb = 0), (bs = i));
          for (var j = 0; j < 286; ++j) lf[j] = 0;
          for (var j = 0; j < 30; ++j) df[j] = 0;
        }
        var l = 2,
          d = 0,
          ch_1 = c,
          dif = (imod - pimod) & 32767;
        if (rem > 2 && hv == hsh(i - dif)) {
          var maxn = Math.min(n, rem) - 1;
          var maxd = Math.min(32767, i);
          var ml = Math.min(258, rem);
          while (dif <= maxd && --ch_1 && imod != pimod) {
            if (dat[i + l] == dat[i + l - dif]) {
              var nl = 0;
              for (; nl < ml && dat[i + nl] == dat[i + nl - dif]; ++nl);
              if (nl > l) {
                ((l = nl), (d = dif));
                if (nl > maxn) break;
                var mmd = Math.min(dif, nl - 2);
                var md = 0;
                for (var j = 0; j < mmd; ++j) {
                  var ti = (i - dif + j) & 32767;
                  var pti = prev[ti];
                  var cd = (ti - pti) & 32767;
                  if (cd > md) ((md = cd), (pimod = ti));
                }
              }
            }
            ((imod = pimod), (pimod = prev[imod]));
            dif += (imod - pimod) & 32767;
          }
        }
        if (d) {
          syms[li++] = 268435456 | (revfl[l] << 18) | revfd[d];
          var lin = revfl[l] & 31,
            din = revfd[d] & 31;
          eb += fleb[lin] + fdeb[din];
          ++lf[257 + lin];
          ++df[din];
          wi = i + l;
          ++lc_1;
        } else {
          syms[li++] = dat[i];
          ++lf[dat[i]];
        }
      }
    }
    for (i = Math.max(i, wi); i < s; ++i) {
      syms[li++] = dat[i];
      ++lf[dat[i]];
    }
    pos = wblk(dat, w, lst, syms, lf, df, eb, li, bs, i - bs, pos);
  } else {
    for (var i = 0; i < s + lst; i += 65535) {
      var e = i + 65535;
      if (e >= s) {
        w[(pos / 8) | 0] = lst;
        e = s;
      }
      pos = wfblk(w, pos + 1, dat.subarray(i, e));
    }
  }
  return shft(pos);
};

/** The most bytes dflt writes for `n` bytes of input (fflate's bound). */
function outBound(n: number): number {
  return n + 5 * (1 + Math.ceil(n / 7000));
}

/** Deflates whole buffers (raw DEFLATE, fflate's output), reusing its tables and output buffer. */
export class Deflater {
  #out = new Uint8Array(0);
  readonly #st = {
    prev: new u16(32768),
    head: new u16(0),
    syms: new i32(25000),
    lf: new u16(288),
    df: new u16(32),
  };

  /**
   * `data` deflated at `level` (1–9; 0 stores), as fflate's deflateSync would. The bytes are a
   * view of this Deflater's buffer: valid until its next call.
   */
  deflate(data: Uint8Array, level: number): Uint8Array {
    const need = outBound(data.length);
    if (this.#out.length < need) this.#out = new u8(Math.max(need, Math.ceil(1.25 * this.#out.length)));
    const out = this.#out.subarray(0, need).fill(0);
    // deflateSync's memory level for a whole buffer, so the output is fflate's.
    const plvl = Math.ceil(Math.max(8, Math.min(13, Math.log(data.length))) * 1.5);
    return this.#out.subarray(0, dflt(data, level, plvl, out, this.#st));
  }
}
