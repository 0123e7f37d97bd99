//! The SVG picture of one VPC, laid out on a fixed grid: AZs as columns,
//! tiers as rows, then the security-group chain ALB → app → DB. Same input,
//! same bytes: no layout engine, no randomness.

use super::escape::esc;
use super::marks::Marks;
use super::vpc_model::{ChainItem, Occupant, RouteOut, VpcView};
use std::collections::BTreeSet;
use std::fmt::Write;

const PAD: u32 = 8;
const LABEL_W: u32 = 44;
const COL_W: u32 = 172;
const BOX_W: u32 = 164;
const BOX_H: u32 = 50;
const GAP: u32 = 6;
const LINE: u32 = 13;
const CHIP_H: u32 = 14;
/// Approximate width of a character of the 9–10px sans-serif text
/// (bold names are wider).
const CHAR_W: f32 = 5.3;
const BOLD_CHAR_W: f32 = 6.1;

/// Beyond this the picture becomes a list (docs/html-report.md).
pub const MAX_AZS: usize = 6;
pub const MAX_SUBNETS_PER_CELL: usize = 4;

/// Whether a VPC is small enough to draw.
pub fn drawable(view: &VpcView) -> bool {
    view.azs.len() <= MAX_AZS
        && view
            .rows
            .iter()
            .flat_map(|r| &r.cells)
            .all(|c| c.len() <= MAX_SUBNETS_PER_CELL)
}

/// Shortens `s` to what fits `width` pixels.
fn fit(s: &str, width: u32) -> String {
    fit_chars(s, width, CHAR_W)
}

fn fit_bold(s: &str, width: u32) -> String {
    fit_chars(s, width, BOLD_CHAR_W)
}

fn fit_chars(s: &str, width: u32, char_w: f32) -> String {
    let max = ((width as f32) / char_w) as usize;
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// `prod-private-app-us-east-1a` → `prod-private-app`: the column names the AZ.
fn without_az<'s>(name: &'s str, az: Option<&str>) -> &'s str {
    az.and_then(|az| name.strip_suffix(az))
        .map(|n| n.trim_end_matches(['-', '_', '.', ' ']))
        .filter(|n| !n.is_empty())
        .unwrap_or(name)
}

fn chip_width(label: &str) -> u32 {
    (label.chars().count() as f32 * CHAR_W) as u32 + 8
}

struct Svg<'m> {
    out: String,
    marks: &'m Marks<'m>,
    drawn: BTreeSet<String>,
}

impl Svg<'_> {
    /// Opens a `<g>` for a resource: its class (outline by worst severity),
    /// its id for the click handler, and the hover text.
    fn open(&mut self, kind: &str, id: &str, label: &str) {
        self.drawn.insert(id.to_string());
        let _ = write!(
            self.out,
            r#"<g class="{kind} {}" data-res="{}"><title>{}</title>"#,
            self.marks.class(id),
            esc(id),
            esc(&self.marks.tooltip(id, label))
        );
    }

    fn rect(&mut self, x: u32, y: u32, w: u32, h: u32, rx: u32) {
        let _ = write!(
            self.out,
            r#"<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="{rx}"/>"#
        );
    }

    fn text(&mut self, x: u32, y: u32, class: &str, s: &str) {
        let _ = write!(
            self.out,
            r#"<text x="{x}" y="{y}" class="{class}">{}</text>"#,
            esc(s)
        );
    }

    fn chip(&mut self, kind: &str, x: u32, y: u32, id: &str, label: &str) -> u32 {
        let w = chip_width(label);
        self.open(kind, id, label);
        self.rect(x, y, w, CHIP_H, 3);
        self.text(x + 4, y + 10, "t-chip", label);
        self.out.push_str("</g>");
        w
    }

    /// A row of chips wrapping at `right`; returns the y below the last row.
    fn chips(&mut self, kind: &str, x0: u32, y: u32, right: u32, items: &[ChainItem]) -> u32 {
        let (mut x, mut y) = (x0, y);
        for item in items {
            let label = item.lines.join(" ");
            if x > x0 && x + chip_width(&label) > right {
                x = x0;
                y += CHIP_H + 4;
            }
            // Services that could not be read are drawn as a warning, not a resource.
            let kind = if item.id.starts_with("unread:") {
                format!("{kind} unread")
            } else {
                kind.to_string()
            };
            x += self.chip(&kind, x, y, &item.id, &label) + 4;
        }
        y + CHIP_H
    }
}

/// The chips of a subnet's occupants: each one with findings on its own,
/// most severe first, then the others grouped by kind (`node ×12`).
fn occupant_chips(occupants: &[Occupant], marks: &Marks) -> Vec<(String, String)> {
    let mut flagged: Vec<&Occupant> = occupants
        .iter()
        .filter(|o| marks.worst(&o.id).is_some())
        .collect();
    flagged.sort_by_key(|o| marks.worst(&o.id));
    let mut chips: Vec<(String, String)> = flagged
        .into_iter()
        .map(|o| (o.id.clone(), o.label.clone()))
        .collect();
    let mut groups: Vec<(&str, &str, usize)> = Vec::new();
    for o in occupants.iter().filter(|o| marks.worst(&o.id).is_none()) {
        match groups.iter_mut().find(|(label, _, _)| *label == o.label) {
            Some(g) => g.2 += 1,
            None => groups.push((&o.label, &o.id, 1)),
        }
    }
    for (label, id, n) in groups {
        let label = if n == 1 {
            label.to_string()
        } else {
            format!("{label} ×{n}")
        };
        chips.push((id.to_string(), label));
    }
    chips
}

fn cell_height(n: usize) -> u32 {
    n.max(1) as u32 * (BOX_H + GAP)
}

/// The SVG of one VPC; `others` are its resources the picture has no place
/// for, shown as chips when they have findings.
pub fn vpc_svg(view: &VpcView, marks: &Marks, others: &[(String, String)]) -> String {
    let cols = view.azs.len().max(3) as u32;
    let width = PAD * 2 + LABEL_W + cols * COL_W;
    let right = width - PAD;
    let mut svg = Svg {
        out: String::new(),
        marks,
        drawn: BTreeSet::new(),
    };
    let vpc = view.vpc;
    let name = vpc.name.clone().unwrap_or_else(|| vpc.native_id.clone());

    // The VPC frame and its header: name, CIDR, account; IGW, flow log, endpoints.
    let mut body = String::new();
    std::mem::swap(&mut svg.out, &mut body);
    let mut y = PAD + 12;
    svg.text(
        PAD + 6,
        y,
        "t-vpc",
        &format!("{name} · {} · {}", vpc.cidr_block, vpc.account_id),
    );
    y += 6;
    y = svg.chips("hdr", PAD + 6, y, right - 6, &view.header) + 8;

    // AZ column heads.
    y += 4;
    for (i, az) in view.azs.iter().enumerate() {
        let x = PAD + LABEL_W + i as u32 * COL_W;
        svg.text(x + 4, y, "t-az", az);
    }
    y += 5;

    if view.subnet_count() == 0 {
        svg.text(PAD + 6, y + 8, "t-detail", "no subnets");
        y += 14;
    }
    // Tier rows.
    for row in view.rows.iter().filter(|_| view.subnet_count() > 0) {
        let h = row
            .cells
            .iter()
            .map(|c| cell_height(c.len()))
            .max()
            .unwrap_or(0);
        let h = h.max(cell_height(1));
        svg.text(
            PAD + 6,
            y + 16,
            &format!("t-tier tier-{}", row.label.replace(' ', "-")),
            row.label,
        );
        for (i, cell) in row.cells.iter().enumerate() {
            let x = PAD + LABEL_W + i as u32 * COL_W;
            for (k, sv) in cell.iter().enumerate() {
                let by = y + k as u32 * (BOX_H + GAP);
                let s = sv.subnet;
                let label = s.name.clone().unwrap_or_else(|| s.native_id.clone());
                let shown = without_az(&label, s.availability_zone.as_deref());
                let tier = row.label.replace(' ', "-");
                svg.open(&format!("subnet tier-{tier}"), &s.id, &label);
                svg.rect(x, by, BOX_W, BOX_H, 4);
                svg.text(x + 5, by + 12, "t-name", &fit_bold(shown, BOX_W - 8));
                let route = sv.route.label();
                let cls = match (&sv.route, row.label) {
                    (RouteOut::Igw, "app" | "data") => "t-route warn",
                    (RouteOut::Nat { cross_az: true, .. }, _) => "t-route xaz",
                    _ => "t-route",
                };
                svg.text(x + 5, by + 12 + LINE, "t-cidr", &s.cidr_block);
                svg.text(x + BOX_W - 5, by + 12 + LINE, &format!("{cls} end"), &route);
                svg.out.push_str("</g>");
                let mut cx = x + 5;
                if sv.public_ips() {
                    cx += svg.chip("occ warn-chip", cx, by + 31, &s.id, "public IPs") + 3;
                }
                for (id, label) in occupant_chips(&sv.occupants, marks) {
                    if cx + chip_width(&label) > x + BOX_W {
                        break;
                    }
                    cx += svg.chip("occ", cx, by + 31, &id, &label) + 3;
                }
            }
        }
        y += h;
    }

    // The security-group chain.
    let has_chain = view.chain.iter().any(|c| !c.items.is_empty());
    y += 6;
    let chain_w = (right - PAD - LABEL_W) / 3;
    let item_w = chain_w - 30;
    let mut bottom = y;
    for (c, column) in view.chain.iter().enumerate().filter(|_| has_chain) {
        let x = PAD + LABEL_W + c as u32 * chain_w;
        svg.text(x, y + 9, "t-col", column.title);
        let mut iy = y + 14;
        for item in &column.items {
            let h = item.lines.len() as u32 * LINE + 5;
            let label = item.lines.join(" · ");
            svg.open("chain", &item.id, &label);
            svg.rect(x, iy, item_w, h, 4);
            for (l, line) in item.lines.iter().enumerate() {
                let (cls, line) = if l == 0 {
                    ("t-name", fit_bold(line, item_w - 8))
                } else {
                    ("t-detail", fit(line, item_w - 8))
                };
                svg.text(x + 5, iy + 11 + l as u32 * LINE, cls, &line);
            }
            svg.out.push_str("</g>");
            iy += h + 4;
        }
        if column.items.is_empty() {
            svg.text(x + 5, iy + 10, "t-detail", "none");
            iy += 16;
        }
        bottom = bottom.max(iy);
    }
    // Arrows: internet → ALB, ALB → app, app → DB, with the ports admitted.
    let ay = y + 24;
    for (c, ports) in view.arrows.iter().enumerate().filter(|_| has_chain) {
        let x_end = PAD + LABEL_W + c as u32 * chain_w - 3;
        let x_start = if c == 0 { PAD + 4 } else { x_end - 26 };
        let label = if ports.is_empty() {
            "—"
        } else {
            ports.as_str()
        };
        if c == 0 {
            svg.text(PAD + 4, ay - 12, "t-detail", "internet");
        }
        let _ = write!(
            svg.out,
            r#"<line class="arrow" x1="{x_start}" y1="{ay}" x2="{}" y2="{ay}"/><path class="ah" d="M{},{} L{x_end},{ay} L{},{} z"/>"#,
            x_end - 4,
            x_end - 7,
            ay - 4,
            x_end - 7,
            ay + 4
        );
        let _ = write!(svg.out, "<g><title>ports admitted: {}</title>", esc(label));
        let room = if c == 0 { LABEL_W - 4 } else { 30 };
        svg.text(x_start + 1, ay + 11, "t-port", &fit(label, room));
        svg.out.push_str("</g>");
    }
    y = bottom + 2;

    // Resources of this VPC with findings that the picture has no place for.
    let extra: Vec<ChainItem> = others
        .iter()
        .filter(|(id, _)| !svg.drawn.contains(id) && !marks.of(id).is_empty())
        .map(|(id, label)| ChainItem {
            id: id.clone(),
            lines: vec![label.clone()],
        })
        .collect();
    if !extra.is_empty() {
        svg.text(PAD + 6, y + 10, "t-col", "also in this VPC, with findings");
        y = svg.chips("other", PAD + 6, y + 15, right - 6, &extra) + 4;
    }
    let height = y + PAD;
    std::mem::swap(&mut svg.out, &mut body);

    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg class="vpc" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="{}">"#,
        esc(&format!("VPC {name}"))
    );
    svg.out = out;
    svg.open("vpcframe", &vpc.id, &format!("VPC {name}"));
    svg.rect(PAD / 2, PAD / 2, width - PAD, height - PAD, 6);
    svg.out.push_str("</g>");
    svg.out.push_str(&body);
    svg.out.push_str("</svg>");
    svg.out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_az_suffix_is_dropped_only_when_the_name_ends_with_it() {
        let az = Some("us-east-1a");
        assert_eq!(
            without_az("prod-private-app-us-east-1a", az),
            "prod-private-app"
        );
        assert_eq!(without_az("prod_app.us-east-1a", az), "prod_app");
        assert_eq!(without_az("us-east-1a", az), "us-east-1a");
        assert_eq!(without_az("prod-app-us-east-1b", az), "prod-app-us-east-1b");
        assert_eq!(without_az("prod-app", None), "prod-app");
    }

    #[test]
    fn long_labels_are_cut_with_an_ellipsis_to_fit() {
        assert_eq!(fit("short", 100), "short");
        let cut = fit("a-very-long-security-group-name-indeed", 60);
        assert!(cut.ends_with('…'));
        assert_eq!(cut.chars().count(), (60.0 / CHAR_W) as usize);
    }
}
