B	initial_cJ<õ+L>-„¾ÏG,»\õ¾jæ¯:ÈÒ> Mƒ½:Sr>ÉÅ ¾m>&#F¾
U_¾2Ui<;C>j	„=