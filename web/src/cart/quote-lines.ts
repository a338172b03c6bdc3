/**
 * A cart's discount lines as the cart page and the venue's cart panel show them: the campaign
 * prices' saving in one 活动价立减 line, then each other promotion that took something off; with
 * the list total, they add up to what the customer pays.
 */
export function discountLines<A extends { promotion: string; amount: number }>(
  applied: readonly A[],
): { campaignPrices: number; others: A[] } {
  const campaign = (a: A) => a.promotion.startsWith('campaign_price.');
  return {
    campaignPrices: applied.filter(campaign).reduce((s, a) => s + a.amount, 0),
    others: applied.filter((a) => !campaign(a) && a.amount > 0),
  };
}
