import { rowsInView } from '../../apps/console/src/ops/grid.js';

// rows 210 px apart (a 200 px card and its 10 px gap), a scroller 1,028 px high
const rows = (past: number, count = 3334) => rowsInView(past, 1028, 210, count);

describe("the card grid's rows in the page", () => {
  it('holds the rows in view and one either side', () => {
    expect(rows(0)).toEqual({ first: 0, last: 6 });
    expect(rows(21_000)).toEqual({ first: 99, last: 106 });
  });
  it('holds only the rows that show when the grid starts partway down the scroller', () => {
    expect(rows(-400)).toEqual({ first: 0, last: 4 });
  });
  it('holds none when the grid starts below the bottom of the scroller (many plant tiles above it)', () => {
    expect(rows(-2_647)).toEqual({ first: 0, last: 0 });
  });
  it('never goes past the last row', () => {
    expect(rows(699_000, 3334)).toEqual({ first: 3327, last: 3334 });
    expect(rows(900_000, 3334)).toEqual({ first: 3334, last: 3334 });
  });
});
