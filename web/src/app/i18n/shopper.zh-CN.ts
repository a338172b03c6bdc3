/** 买家：收货地址、领券中心、活动状态、登录结算；以及这些页面用到的服务端错误码（issue 9）。 */
export const shopperZhCN = {
  'nav.addresses': '收货地址',
  'shopper.error.INVALID_DIVISION': '所选省、市、区不匹配，请重新选择',
  'shopper.error.ADDRESS_BOOK_FULL': '最多保存 {max} 个收货地址，请先删除不用的地址',
  'shopper.error.ADDRESS_NOT_FOUND': '这个收货地址已不存在，请重新选择',
  'shopper.error.VALIDATION_FAILED': '填写的内容有误，请检查后再提交',
  'shopper.error.CAMPAIGN_NOT_LIVE': '活动未在进行中，暂不能加购',
  'shopper.error.SKU_NOT_IN_VENUE': '该商品不在本会场销售',
  'shopper.error.COUPON_SOLD_OUT': '这张券已被领完',
  'shopper.error.CLAIM_LIMIT_REACHED': '这张券每人限领 {perCustomerLimit} 张，你已领过',
  'shopper.error.CLAIM_WINDOW_CLOSED': '这张券不在领取时间内',
  'shopper.error.COUPON_PAUSED': '这张券已暂停发放',
  'shopper.error.RATE_LIMITED': '操作太频繁，请稍后再试',
  'shopper.error.NETWORK': '网络连接失败，请检查网络后重试',
  'shopper.error.other': '操作没有成功，请稍后再试',
};
